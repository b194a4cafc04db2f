import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The big real data sets live beside the repo in ../shared/data (CI has it; a user's fresh clone
 * does not). Tests that need them use `describe.skipIf(!SHARED_DATA)` and say so.
 */
const candidate = resolve(import.meta.dirname, '../../../shared/data');
export const SHARED_DATA: string | null = existsSync(candidate) ? candidate : null;
export const SHARED_MODELS: string | null = existsSync(resolve(candidate, '../models'))
  ? resolve(candidate, '../models')
  : null;
export const SKIP_NOTE = 'skipped: ../shared/data is not beside this clone';

export function sharedPath(...parts: string[]): string {
  if (!SHARED_DATA) throw new Error(SKIP_NOTE);
  return resolve(SHARED_DATA, ...parts);
}
