import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBar, parseAt } from '../../src/engine/verify/findBar.js';
import { formatExplain } from '../../src/engine/verify/formatExplain.js';
import { MODEL, MODEL_OK, backtestJournal, records, tempFolder } from './support.js';
import type { Rec } from './support.js';

const dir = tempFolder('explain');
const { path } = await backtestJournal(dir, 'explain', {
  strategy: 'ensemble',
  model: MODEL_OK ? MODEL : null,
});
const recs = records(path);
const decisions = recs.filter((r) => r.type === 'decision');
/** The 300th decision that planned an order (well past warm-up), and its fill. */
const traded = decisions.filter((r) => r.plan.intent)[300]!;
const id = traded.plan.intent.clientOrderId as string;
const fill = recs.find((r) => r.type === 'fill' && r.fill.clientOrderId === id)!;

function explain(at: string): string {
  const sel = parseAt(at);
  if (!sel.ok) throw new Error(sel.error);
  return formatExplain(findBar(path, sel.value));
}

describe('drl-tui explain', () => {
  it('returns every vote with a reason that quotes its numbers at a traded bar', () => {
    const text = explain(new Date(traded.bar.openTime).toISOString());
    for (const v of traded.votes as Rec[]) {
      const line = text.split('\n').find((l) => l.startsWith(`          ${v.agent} `));
      expect(line, `a line for the ${v.agent} vote`).toBeDefined();
      expect(line).toContain(v.reason);
      if (v.agent !== 'drl' || MODEL_OK) expect(v.reason, `${v.agent} quotes numbers`).toMatch(/\d+\.\d+/);
    }
  });

  it('returns the bar, the observation, ensemble, risk, plan, order result and fill', () => {
    const text = explain(String(traded.bar.openTime + 30_000));
    expect(text).toContain(`bar ${new Date(traded.bar.openTime).toISOString()}`);
    expect(text).toMatch(/^Bar {7}open .* close .* volume /m);
    expect(text).toMatch(/^Observation \(15-D, policy order\)\s+raw\s+scaled$/m);
    for (const f of ['position', 'z_score', 'macd_diff', 'rsi', 'obv', 'sentiment'])
      expect(text).toMatch(new RegExp(`^  ${f} `, 'm'));
    expect(text).toMatch(/^Ensemble {2}weighted mean \(.*\) \/ \d+ = [+-]\d\.\d{4}$/m);
    expect(text).toMatch(/^Risk {6}position [+-]\d\.\d{4}, target [+-]\d\.\d{4} → allowed [+-]\d\.\d{4}/m);
    expect(text).toContain(`(order ${id})`);
    const price = String(Number((fill.fill.price as number).toPrecision(10)));
    expect(text, 'the paper fill at the next open').toMatch(
      new RegExp(`^Result {4}filled .*: ${fill.fill.side} .* @ ${price.replace('.', '\\.')}`, 'm'),
    );
    expect(text).toMatch(/^Equity {4}\d+\.\d\d USDT · position/m);
  });

  it('returns a skip reason and the risk codes for a bar that did not trade', () => {
    const skipped = decisions.find((r) => r.plan.skip && r.risk.codes.length > 0);
    if (!skipped)
      return expect(
        decisions.some((r) => r.plan.skip),
        'some bar skipped',
      ).toBe(true);
    const text = explain(String(decisions.indexOf(skipped)));
    expect(text).toContain(`Plan      no order: ${skipped.plan.skip}`);
    for (const c of skipped.risk.codes as string[]) expect(text).toMatch(new RegExp(`^ {10}${c}: `, 'm'));
  });

  it('returns the first, last and a negative index', () => {
    expect(explain('0')).toContain('(decision #0,');
    expect(explain('last')).toContain(`(decision #${decisions.length - 1},`);
    expect(explain('-2')).toContain(`(decision #${decisions.length - 2},`);
  });

  it('throws one line for a bar that is not in the journal, naming what is', () => {
    expect(() => explain('2024-04-02T00:00Z')).toThrow(
      /^no decision for a bar at 2024-04-02T00:00:00\.000Z in explain\.jsonl: it holds 1440 decision\(s\), bars 2024-03-29T00:00:00\.000Z – 2024-03-29T23:59:00\.000Z$/,
    );
    expect(() => explain('5000')).toThrow(/^no decision for bar index 5000 /);
  });

  it('throws one line for a bad --at or journal', () => {
    expect(parseAt('yesterday')).toEqual({
      ok: false,
      error: expect.stringMatching(/^--at 'yesterday' is not an ISO time/) as unknown,
    });
    expect(parseAt(undefined).ok).toBe(false);
    expect(() => findBar(join(dir, 'missing.jsonl'), { kind: 'index', i: 0 })).toThrow(
      /^journal not found: /,
    );
    const junk = join(dir, 'junk.jsonl');
    writeFileSync(junk, 'not json\n{"type":"x"}\n');
    expect(() => findBar(junk, { kind: 'index', i: 0 })).toThrow(
      /^no decision for bar index 0 in junk\.jsonl: it holds no decisions$/,
    );
  });

  it('returns a note when the journal ends in a torn line', () => {
    const torn = join(dir, 'torn.jsonl');
    writeFileSync(
      torn,
      `${recs
        .slice(0, 10)
        .map((r) => JSON.stringify(r))
        .join('\n')}\n{"type":"decis`,
    );
    const text = formatExplain(findBar(torn, { kind: 'index', i: 0 }));
    expect(text).toMatch(/^note: the last line is torn \(a crash mid-write\) and was left out$/m);
  });
});
