import { importSb3 } from '../engine/policy/importSb3.js';
import { err, out } from './output.js';

/** `drl-tui import-sb3 <model.zip> [--scaler <json>] --out models/<name>`: SB3 A2C/PPO MlpPolicy → policy package. */
export async function importSb3Command(
  zip: string | undefined,
  outDir: string | undefined,
  scaler: string | undefined,
): Promise<void> {
  if (!zip) throw new Error('import-sb3 needs the path of a stable-baselines3 model zip');
  if (!outDir) throw new Error('import-sb3 needs --out models/<name>');
  const r = await importSb3(zip, {
    out: outDir,
    ...(scaler ? { scalerPath: scaler } : {}),
    command: `drl-tui import-sb3 ${zip}`,
  });
  if (!r.ok) throw new Error(r.error);
  for (const w of r.value.warnings) err(`drl-tui: ${w}`);
  out(`imported ${zip} -> ${r.value.dir}: ${r.value.describe}`);
  if (!r.value.compatible) {
    out(
      `not tradable here: ${r.value.reason ?? 'observation does not match the engine'} (the package can still be inspected)`,
    );
  }
}
