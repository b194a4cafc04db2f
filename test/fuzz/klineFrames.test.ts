import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBar, parseKlineFrame } from '../../src/engine/feed/binanceKlineStream.js';
import { parseKlineRow } from '../../src/engine/feed/restBackfill.js';
import { klineEvent, klineRow, loadCandles } from '../support/binanceServerCandles.js';
import { RUNS, damagedText, expectOneLineReason } from './support.js';

/** Real ETHUSDT minutes as the exchange frames them (the loopback server's fixture candles). */
const CANDLES = loadCandles().slice(0, 300);
const FRAMES = CANDLES.map((c, i) => klineEvent('ETHUSDT', c, i % 2 === 0, c.closeTime + 1, 1000 + i));
const TEXTS = FRAMES.map((f) => JSON.stringify(f));

/** Never throws; a candle that comes out is a valid candle; a refusal is one line. */
function checkFrame(text: string): void {
  let r: ReturnType<typeof parseKlineFrame>;
  try {
    r = parseKlineFrame(text, 'ETHUSDT');
  } catch (e) {
    throw new Error(`parseKlineFrame threw on ${JSON.stringify(text.slice(0, 80))}: ${String(e)}`);
  }
  expectOneLineReason(r, 'parseKlineFrame');
  if (r.ok && r.value !== null) expect(checkBar(r.value.bar), 'an accepted candle is valid').toBeNull();
}

/** A real frame with one field (anywhere, one level into k) replaced by anything JSON can hold. */
const mutatedFrame = fc
  .tuple(
    fc.constantFrom(...FRAMES),
    fc.constantFrom('e', 'E', 's', 'k', 'k.t', 'k.T', 'k.i', 'k.o', 'k.h', 'k.l', 'k.c', 'k.v', 'k.x'),
    fc.jsonValue(),
  )
  .map(([frame, key, value]) => {
    const copy = JSON.parse(JSON.stringify(frame)) as Record<string, Record<string, unknown>>;
    const [a, b] = key.split('.') as [string, string | undefined];
    if (b === undefined) (copy as Record<string, unknown>)[a] = value;
    else copy[a]![b] = value;
    return JSON.stringify(copy);
  });

describe('WebSocket kline frames under fuzzing', () => {
  it('returns each untouched real frame as its candle', () => {
    for (const [i, t] of TEXTS.entries()) {
      const r = parseKlineFrame(t, 'ETHUSDT');
      expect(r.ok && r.value?.bar.close).toBe(Number(CANDLES[i]!.close));
    }
  });

  it('returns a valid candle or a one-line reason for random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), checkFrame), RUNS);
    fc.assert(
      fc.property(
        fc.jsonValue().map((v) => JSON.stringify(v)),
        checkFrame,
      ),
      RUNS,
    );
  });

  it('returns a valid candle or a one-line reason for truncated or damaged real frames', () => {
    fc.assert(fc.property(fc.constantFrom(...TEXTS).chain(damagedText), checkFrame), RUNS);
  });

  it('returns a valid candle or a one-line reason for real frames with any field replaced', () => {
    fc.assert(fc.property(mutatedFrame, checkFrame), RUNS);
  });

  it('returns a valid candle or a one-line reason for REST kline rows, random or damaged', () => {
    const rows = CANDLES.map(klineRow);
    const row = fc.oneof(
      fc.jsonValue(),
      fc
        .tuple(fc.constantFrom(...rows), fc.nat({ max: 11 }), fc.jsonValue())
        .map(([r, i, v]) => (r as unknown[]).map((x, k) => (k === i ? v : x))),
      fc.constantFrom(...rows).map((r) => (r as unknown[]).slice(0, 5)),
    );
    fc.assert(
      fc.property(row, (r) => {
        const out = parseKlineRow(r);
        expectOneLineReason(out, 'parseKlineRow');
        if (out.ok) expect(checkBar(out.value)).toBeNull();
      }),
      RUNS,
    );
  });
});
