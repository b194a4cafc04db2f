import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/core/rng.js';
import { createDrlAgent } from '../../src/engine/agents/drlAgent.js';
import { FastPolicyNet } from '../../src/engine/policy/fastForward.js';
import { importSb3, readSb3Zip } from '../../src/engine/policy/importSb3.js';
import { loadPolicyPackage } from '../../src/engine/policy/loadPolicy.js';
import { loadTfModel, tfPredict } from '../../src/engine/policy/tfModel.js';
import { SHARED_MODELS, SKIP_NOTE } from '../support/sharedData.js';
import { FIXTURE_FILE, FIXTURE_SPEC, fixtureWeights, makeSb3Zip } from '../fixtures/policy/makeSb3Fixture.js';
import { tempDir } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dir(tag: string): string {
  const d = tempDir(tag);
  dirs.push(d);
  return d;
}

/** Expected mean action straight from the generator's tensors: tanh MLP by hand, float64. */
function expectedAction(obs: readonly number[]): number {
  const t = new Map(fixtureWeights().map((x) => [x.name, x]));
  const linear = (name: string, x: number[]): number[] => {
    const W = t.get(`${name}.weight`)!;
    const b = t.get(`${name}.bias`)!;
    const [out, inp] = W.shape as [number, number];
    return Array.from({ length: out }, (_, o) =>
      x.reduce((s, xi, i) => s + W.data[o * inp + i]! * xi, b.data[o]!),
    );
  };
  const h0 = linear('mlp_extractor.policy_net.0', [...obs]).map(Math.tanh);
  const h1 = linear('mlp_extractor.policy_net.2', h0).map(Math.tanh);
  return linear('action_net', h1)[0]!;
}

const OBSERVATIONS: number[][] = (() => {
  const rng = new Rng(99);
  return [
    new Array<number>(15).fill(0),
    new Array<number>(15).fill(1),
    Array.from({ length: 15 }, (_, i) => -1 + i / 7),
    ...Array.from({ length: 5 }, () => Array.from({ length: 15 }, () => rng.normal() * 2)),
  ];
})();

describe('SB3 fixture (test/fixtures/policy)', () => {
  it('returns the committed zip byte for byte from the generator', () => {
    expect(
      Buffer.from(makeSb3Zip()).equals(readFileSync(FIXTURE_FILE)),
      'rerun makeSb3Fixture.ts if the format changed',
    ).toBe(true);
  });

  it('returns the hand-computed mean actions for 8 observations within 1e-6', () => {
    const m = readSb3Zip(new Uint8Array(readFileSync(FIXTURE_FILE)));
    if (!m.ok) throw new Error(m.error);
    expect(m.value.data).toMatchObject({
      algo: 'a2c',
      obsWidth: 15,
      actionLow: -1,
      actionHigh: 1,
      activation: 'tanh',
      piArch: [8, 8],
    });
    expect(m.value.logStd).toHaveLength(1);
    const net = new FastPolicyNet(m.value.layers);
    for (const obs of OBSERVATIONS)
      expect(Math.abs(net.forward(Float64Array.from(obs)) - expectedAction(obs))).toBeLessThan(1e-6);
  });

  it('returns a compatible 15-D package that loads, predicts the same in TF.js and trades clipped actions', async () => {
    const out = join(dir('fx'), 'tiny15');
    const r = await importSb3(FIXTURE_FILE, {
      out,
      command: 'drl-tui import-sb3 sb3_a2c_tiny15.zip --out models/tiny15',
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.value).toMatchObject({ width: 15, compatible: true, reason: null });
    expect(r.value.warnings.some((w) => w.startsWith("assumed the engine's default feature order"))).toBe(
      true,
    );
    const pkg = await loadPolicyPackage(out);
    if (!pkg.ok) throw new Error(pkg.error);
    expect(pkg.value.policy.training).toMatchObject({
      algo: 'sb3-a2c',
      steps: 1000,
      seed: FIXTURE_SPEC.seed,
    });
    expect(pkg.value.policy.training.command).toContain('import-sb3');
    const model = await loadTfModel(pkg.value);
    const tf = await tfPredict(
      model,
      OBSERVATIONS.map((o) => Float64Array.from(o)),
      15,
    );
    model.dispose();
    OBSERVATIONS.forEach((o, i) => expect(Math.abs(tf[i]! - expectedAction(o))).toBeLessThan(1e-5));
    expect(createDrlAgent(pkg).available).toBe(true);
  });

  it('returns compatible=false with the reason for another width, and the agent refuses to trade it', async () => {
    const out = join(dir('six'), 'six');
    const zip = join(out, '..', 'six.zip');
    writeFileSync(
      zip,
      makeSb3Zip({ ...FIXTURE_SPEC, width: 6, hidden: [4], algo: 'ppo', activationFn: 'ReLU' }),
    );
    const r = await importSb3(zip, { out });
    if (!r.ok) throw new Error(r.error);
    expect(r.value).toMatchObject({
      width: 6,
      compatible: false,
      reason: "observation width 6 ≠ the engine's 15-D state",
    });
    const pkg = await loadPolicyPackage(out);
    if (!pkg.ok) throw new Error(pkg.error);
    expect(pkg.value.policy.observation.features).toEqual([
      'obs_0',
      'obs_1',
      'obs_2',
      'obs_3',
      'obs_4',
      'obs_5',
    ]);
    expect(pkg.value.layers.map((l) => l.activation)).toEqual(['relu', 'linear']);
    expect(pkg.value.describe()).toContain('NOT TRADABLE');
    const agent = createDrlAgent(pkg);
    expect(agent.available).toBe(false);
    expect(agent.vote().reason).toBe(
      "no model: six refused for trading: observation width 6 ≠ the engine's 15-D state",
    );
  });

  it('returns the scaler file it was given, in each accepted shape', async () => {
    const d = dir('scaler');
    const shapes: [string, unknown, string, [number, number] | null][] = [
      ['sklearn-standard', { mean_: new Array(15).fill(1), scale_: new Array(15).fill(2) }, 'standard', null],
      [
        'sklearn-minmax',
        { data_min_: new Array(15).fill(0), data_max_: new Array(15).fill(4) },
        'minmax',
        null,
      ],
      [
        'vecnormalize',
        { obs_rms: { mean: new Array(15).fill(0), var: new Array(15).fill(4) }, clip_obs: 5 },
        'standard',
        [-5, 5],
      ],
    ];
    for (const [name, content, kind, clip] of shapes) {
      writeFileSync(join(d, `${name}.json`), JSON.stringify(content));
      const out = join(d, name);
      const r = await importSb3(FIXTURE_FILE, { out, scalerPath: join(d, `${name}.json`) });
      if (!r.ok) throw new Error(r.error);
      const pkg = await loadPolicyPackage(out);
      if (!pkg.ok) throw new Error(pkg.error);
      expect(pkg.value.policy.scaler.kind, name).toBe(kind);
      expect(pkg.value.policy.clip.observation, name).toEqual(clip);
    }
    writeFileSync(join(d, 'bad.json'), JSON.stringify({ mean_: [1, 2], scale_: [1, 2] }));
    const bad = await importSb3(FIXTURE_FILE, { out: join(d, 'bad'), scalerPath: join(d, 'bad.json') });
    expect(bad.ok ? '' : bad.error).toMatch(/scaler file: mean_ has 2 values, expected 15$/);
  });

  it('returns one-line errors for files that are not A2C/PPO MlpPolicy zips', async () => {
    const d = dir('bad');
    const files = unzipSync(new Uint8Array(readFileSync(FIXTURE_FILE)));
    const variant = (name: string, edit: (f: Record<string, Uint8Array>) => void): string => {
      const copy = { ...files };
      edit(copy);
      const p = join(d, `${name}.zip`);
      writeFileSync(p, zipSync(copy));
      return p;
    };
    const data = JSON.parse(new TextDecoder().decode(files['data'])) as Record<string, unknown>;
    const withData = (o: Record<string, unknown>) => (f: Record<string, Uint8Array>) => {
      f['data'] = new TextEncoder().encode(JSON.stringify(o));
    };
    const { vf_coef: _v, n_steps: _n, ...sacLike } = data;
    const cases: [string, string, RegExp][] = [
      ['nodata', variant('nodata', (f) => delete f['data']), /no "data" entry$/],
      ['sac', variant('sac', withData(sacLike)), /not an A2C or PPO model/],
      ['sde', variant('sde', withData({ ...data, use_sde: true })), /gSDE policies/],
      ['act2', variant('act2', withData({ ...data, action_space: { ...(data['action_space'] as object), _shape: [2] } })), /action shape \[2\] is not a single value/], // prettier-ignore
      ['elu', variant('elu', withData({ ...data, policy_kwargs: { activation_fn: "<class 'torch.nn.modules.activation.ELU'>" } })), /activation .*ELU.* is not supported/], // prettier-ignore
      ['pickle', variant('pickle', (f) => {
        const pth = unzipSync(f['policy.pth']!);
        const pkl = pth['archive/data.pkl']!.slice();
        pkl[2] = 0x8f; // EMPTY_SET where GLOBAL was
        pth['archive/data.pkl'] = pkl;
        f['policy.pth'] = zipSync(pth);
      }), /policy\.pth: unsupported pickle opcode EMPTY_SET \(0x8f\) at byte 2$/], // prettier-ignore
    ];
    for (const [name, path, pattern] of cases) {
      const r = await importSb3(path, { out: join(d, `out-${name}`) });
      const error = r.ok ? '' : r.error;
      expect(error, name).toMatch(pattern);
      expect(error, `${name}: one line`).not.toContain('\n');
    }
    const missing = await importSb3(join(d, 'absent.zip'), { out: join(d, 'x') });
    expect(missing.ok ? '' : missing.error).toMatch(/absent\.zip: no such file$/);
  });
});

interface Reference {
  readonly [file: string]: {
    readonly obs_dim: number;
    readonly cases: readonly { obs: number[]; mean_action: number }[];
  };
}

describe.skipIf(!SHARED_MODELS)(`real SB3 models in ../shared/models (${SKIP_NOTE} otherwise)`, () => {
  const sb3 = (f: string): string => join(SHARED_MODELS!, 'sb3', f);

  for (const file of ['a2c_btc_5m.zip', 'ppo_btc_5m.zip']) {
    it(`returns the reference mean actions of ${file} within 1e-5 and clips them to the action bounds`, async () => {
      const ref = (JSON.parse(readFileSync(sb3('reference_actions.json'), 'utf8')) as Reference)[file]!;
      const m = readSb3Zip(new Uint8Array(readFileSync(sb3(file))));
      if (!m.ok) throw new Error(m.error);
      expect(m.value.data.obsWidth).toBe(ref.obs_dim);
      expect(m.value.layers.map((l) => l.b.length)).toEqual([64, 64, 1]);
      const net = new FastPolicyNet(m.value.layers);
      expect(ref.cases).toHaveLength(8);
      for (const c of ref.cases)
        expect(Math.abs(net.forward(Float64Array.from(c.obs)) - c.mean_action)).toBeLessThan(1e-5);

      const out = join(dir('real'), file.replace('.zip', ''));
      const r = await importSb3(sb3(file), { out });
      if (!r.ok) throw new Error(r.error);
      expect(r.value).toMatchObject({
        width: 19,
        compatible: false,
        reason: "observation width 19 ≠ the engine's 15-D state",
      });
      const pkg = await loadPolicyPackage(out);
      if (!pkg.ok) throw new Error(pkg.error);
      expect(pkg.value.policy.clip.action).toEqual([-1, 1]);
      const imported = new FastPolicyNet(pkg.value.layers);
      for (const c of ref.cases) {
        const y = imported.forward(Float64Array.from(c.obs));
        const clipped = Math.min(1, Math.max(-1, y));
        expect(Math.abs(clipped - Math.min(1, Math.max(-1, c.mean_action)))).toBeLessThan(1e-5);
      }
      expect(createDrlAgent(pkg).vote().reason).toMatch(
        /^no model: .* refused for trading: observation width 19/,
      );
    });
  }
});
