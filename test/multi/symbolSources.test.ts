import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CandleSource } from '../../src/engine/data/types.js';
import { groupSources, parseSymbols } from '../../src/engine/multi/symbolSources.js';
import { BTC_31, ETH_30, ETH_31, ETH_GENERIC, folderWith, tempFolder } from './support.js';

const dir = tempFolder('multi-sources');

function filesOf(m: ReadonlyMap<string, CandleSource>): Record<string, string[]> {
  return Object.fromEntries([...m].map(([s, src]) => [s, src.files.map((f) => basename(f))]));
}

function grouped(paths: string[], symbols: string[]): Map<string, CandleSource> {
  const r = groupSources(paths, symbols);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function refused(paths: string[], symbols: string[]): string {
  const r = groupSources(paths, symbols);
  expect(r.ok, 'groupSources should refuse this input').toBe(false);
  return r.ok ? '' : r.error;
}

describe('parseSymbols', () => {
  it('returns upper-case symbols in the order given, spaces trimmed', () => {
    expect(parseSymbols('ethusdt, BTCUSDT')).toEqual({ ok: true, value: ['ETHUSDT', 'BTCUSDT'] });
    expect(parseSymbols('BTCUSDT')).toEqual({ ok: true, value: ['BTCUSDT'] });
  });

  it('returns a one-line error for an empty list, an empty entry, a repeat or a malformed name', () => {
    for (const [text, fragment] of [
      ['', 'at least one symbol'],
      [' , ', 'at least one symbol'],
      ['ETHUSDT,,BTCUSDT', 'empty entry'],
      ['ETHUSDT,ethusdt', 'lists ETHUSDT twice'],
      ['ETH/USDT', "'ETH/USDT' is not a symbol"],
    ] as const) {
      const r = parseSymbols(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) {
        expect(r.error).toContain(fragment);
        expect(r.error).not.toContain('\n');
      }
    }
  });
});

describe('groupSources', () => {
  it('returns one source per symbol, in --symbols order, from Binance file names', () => {
    const m = grouped([BTC_31, ETH_30, ETH_31], ['ETHUSDT', 'BTCUSDT']);
    expect([...m.keys()], 'the map follows --symbols, not the order of the paths').toEqual([
      'ETHUSDT',
      'BTCUSDT',
    ]);
    expect(filesOf(m)).toEqual({
      ETHUSDT: ['ETHUSDT-1m-2024-03-30.zip', 'ETHUSDT-1m-2024-03-31.zip'],
      BTCUSDT: ['BTCUSDT-1m-2024-03-31.zip'],
    });
    expect(m.get('BTCUSDT')!.symbol).toBe('BTCUSDT');
  });

  it('returns the files of SYMBOL/ subfolders of a folder, and ignores subfolders of unlisted symbols', () => {
    const root = join(dir, 'binance');
    folderWith(root, 'ETHUSDT', [ETH_30, ETH_31]);
    folderWith(root, 'BTCUSDT', [BTC_31]);
    expect(filesOf(grouped([root], ['ETHUSDT', 'BTCUSDT']))).toEqual({
      ETHUSDT: ['ETHUSDT-1m-2024-03-30.zip', 'ETHUSDT-1m-2024-03-31.zip'],
      BTCUSDT: ['BTCUSDT-1m-2024-03-31.zip'],
    });
    expect(
      filesOf(grouped([root], ['BTCUSDT'])),
      'ETHUSDT/ is not read when only BTCUSDT is asked for',
    ).toEqual({ BTCUSDT: ['BTCUSDT-1m-2024-03-31.zip'] });
    // Two symbol folders passed one by one work the same.
    expect(filesOf(grouped([join(root, 'BTCUSDT'), join(root, 'ETHUSDT')], ['ETHUSDT', 'BTCUSDT']))).toEqual({
      ETHUSDT: ['ETHUSDT-1m-2024-03-30.zip', 'ETHUSDT-1m-2024-03-31.zip'],
      BTCUSDT: ['BTCUSDT-1m-2024-03-31.zip'],
    });
  });

  it('returns files without a symbol in their name under the symbol folder they sit in', () => {
    const root = join(dir, 'named-by-folder');
    folderWith(root, 'BTCUSDT', [[BTC_31, 'day.zip']]);
    folderWith(root, 'ETHUSDT', [ETH_31]);
    expect(filesOf(grouped([root], ['ETHUSDT', 'BTCUSDT']))).toEqual({
      ETHUSDT: ['ETHUSDT-1m-2024-03-31.zip'],
      BTCUSDT: ['day.zip'],
    });
  });

  it('returns a generic CSV under the listed symbol its name starts with', () => {
    const m = grouped([ETH_GENERIC, BTC_31], ['ETHUSDT', 'BTCUSDT']);
    expect(filesOf(m).ETHUSDT).toEqual(['ETHUSDT-2022-08-14-generic.csv']);
  });

  it('returns an error for a file of a symbol --symbols does not list', () => {
    const e = refused([ETH_31, BTC_31], ['ETHUSDT']);
    expect(e).toBe('BTCUSDT-1m-2024-03-31.zip holds BTCUSDT candles, but --symbols lists only ETHUSDT');
  });

  it('returns an error naming the symbol that has no data', () => {
    const e = refused([ETH_31], ['ETHUSDT', 'BTCUSDT']);
    expect(e).toContain('no candle files for BTCUSDT');
    expect(e).not.toContain('\n');
  });

  it('returns an error for a file whose symbol cannot be told, unless only one symbol is listed', () => {
    const loose = folderWith(join(dir, 'loose'), '.', [[BTC_31, 'candles.zip']]);
    const file = join(loose, 'candles.zip');
    expect(refused([file, ETH_31], ['ETHUSDT', 'BTCUSDT'])).toContain(
      'cannot tell which symbol candles.zip holds',
    );
    expect(filesOf(grouped([file], ['BTCUSDT'])), 'one symbol: the file is its').toEqual({
      BTCUSDT: ['candles.zip'],
    });
  });

  it('returns an error for a path that names nothing and for a folder without candles', () => {
    expect(refused([join(dir, 'missing.zip')], ['ETHUSDT'])).toContain('candle data not found');
    const empty = folderWith(dir, 'empty', []);
    expect(refused([empty], ['ETHUSDT', 'BTCUSDT'])).toContain('ETHUSDT/, BTCUSDT/ subfolders');
  });
});
