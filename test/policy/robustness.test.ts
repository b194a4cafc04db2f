import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/core/rng.js';
import { createDrlAgent } from '../../src/engine/agents/drlAgent.js';
import { loadPolicyPackage } from '../../src/engine/policy/loadPolicy.js';
import { writePolicyPackage } from '../../src/engine/policy/writePackage.js';
import { draft, randomLayers, tempDir } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('policy package robustness', () => {
  it('returns a one-line error (never a throw) for 300 randomly corrupted policy.json / model.json files', async () => {
    const dir = tempDir('fuzz');
    dirs.push(dir);
    const w = writePolicyPackage(dir, {
      layers: randomLayers([15, 8, 1], 1),
      policyJson: draft({ name: 'fuzz' }),
    });
    if (!w.ok) throw new Error(w.error);
    const originals = Object.fromEntries(
      ['policy.json', 'model.json'].map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
    );
    const rng = new Rng(77);
    const junk = [
      '',
      '"',
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      'null',
      '-1',
      '1e999',
      'NaN',
      'true',
      '"x"',
      '[]',
      '{}',
    ];
    let refused = 0;
    for (let t = 0; t < 300; t++) {
      const file = t % 2 === 0 ? 'policy.json' : 'model.json';
      const text = originals[file]!;
      const at = Math.floor(rng.next() * text.length);
      const cut = Math.floor(rng.next() * 12);
      const insert = junk[Math.floor(rng.next() * junk.length)]!;
      writeFileSync(join(dir, file), text.slice(0, at) + insert + text.slice(at + cut));
      const r = await loadPolicyPackage(dir);
      if (!r.ok) {
        refused++;
        expect(r.error, 'one line').not.toContain('\n');
        expect(r.error.startsWith(`${dir}: `)).toBe(true);
        expect(createDrlAgent(r).vote().reason.startsWith('no model: ')).toBe(true);
      }
      writeFileSync(join(dir, file), text);
    }
    expect(refused, 'nearly every corruption is caught (by the parsers or the sha256)').toBeGreaterThan(280);
  });

  it('returns no static TF.js import on the path the backtest start-up loads (TF.js is lazy)', () => {
    const root = resolve(import.meta.dirname, '../../src/engine');
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)';/gms)) {
        const [, isType, spec] = m;
        if (isType) continue;
        if (spec!.startsWith('@tensorflow/'))
          offenders.push(`${file.slice(root.length + 1)} imports ${spec}`);
        if (spec!.startsWith('.')) visit(resolve(dirname(file), spec!.replace(/\.js$/, '.ts')));
      }
    };
    for (const entry of [
      'agents/drlAgent.ts',
      'policy/loadPolicy.ts',
      'policy/importSb3.ts',
      'policy/writePackage.ts',
    ])
      visit(join(root, entry));
    expect(seen.size, 'the walk followed the imports').toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
