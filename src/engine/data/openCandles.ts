import { basename } from 'node:path';
import { BarValidator } from './barValidator.js';
import { parseKlineFileName } from './binanceKlines.js';
import { ChunkBuilder } from './chunkBuilder.js';
import { fileBlocks } from './csvBlocks.js';
import { parseRows, RowScanner } from './csvRows.js';
import type { RowSink } from './csvRows.js';
import { compareByFirstOpenTime, planFile } from './filePlan.js';
import type { FilePlan } from './filePlan.js';
import { resolveInputs } from './resolveInputs.js';
import { emptyQuality } from './types.js';
import type { BarChunk, CandleSource, DataQuality } from './types.js';

export { describeQuality } from './describeQuality.js';

/**
 * Historical candles from files: Binance kline zips/CSVs and generic OHLCV CSVs, mixed freely.
 * Every file is resolved and peeked when the source is opened, so a wrong path, an unreadable zip
 * or a header without a time column fails at start-up with a one-line Error; the rows themselves
 * are only read while `chunks()` is iterated.
 */

/**
 * The symbol the Binance-style file names agree on, or null if none is named so. Mixing symbols or
 * feeding non-1m klines would interleave unrelated prices, so both are refused.
 */
function guessSymbol(paths: readonly string[]): string | null {
  const symbols = new Set<string>();
  for (const path of paths) {
    const parsed = parseKlineFileName(basename(path));
    if (parsed === null) continue;
    if (parsed.interval !== '1m') {
      throw new Error(`${basename(path)} holds ${parsed.interval} klines; drl-tui reads 1-minute candles`);
    }
    symbols.add(parsed.symbol);
  }
  if (symbols.size > 1) {
    throw new Error(`candle files for more than one symbol (${[...symbols].sort().join(', ')}): pass one symbol's files`);
  }
  const [symbol = null] = symbols;
  return symbol;
}

/** Validates parsed rows and packs the accepted ones into chunks. */
class Collector implements RowSink {
  constructor(
    readonly validator: BarValidator,
    readonly builder: ChunkBuilder,
  ) {}

  row(openTime: number, open: number, high: number, low: number, close: number, volume: number, line: number): void {
    if (this.validator.accept(openTime, open, high, low, close, volume, line) === 'ok') {
      this.builder.push(openTime, open, high, low, close, volume);
    }
  }

  bad(reason: string, line: number, openTime: number): void {
    this.validator.reject(reason, line, openTime);
  }
}

function* readFiles(plans: readonly FilePlan[], quality: DataQuality): Generator<BarChunk> {
  // Each pass starts from zero, so `quality` always describes the latest (or current) pass.
  Object.assign(quality, emptyQuality());
  const collector = new Collector(new BarValidator(quality), new ChunkBuilder());
  const scanner = new RowScanner();
  for (const plan of plans) {
    const layout = plan.layout;
    if (layout === null) continue;
    collector.validator.setSource(basename(plan.path));
    let linesBefore = 0;
    let headerPending = layout.hasHeader;
    for (const block of fileBlocks(plan.path, plan.zip)) {
      scanner.reset(block, 0, block.length, linesBefore);
      if (headerPending && scanner.next()) headerPending = false;
      parseRows(scanner, block, layout, collector);
      linesBefore = scanner.lineNo;
      yield* collector.builder.take();
    }
  }
  collector.builder.flush();
  yield* collector.builder.take();
}

/**
 * Opens candle files for streaming. `input` is a file, a folder (its .zip/.csv files), a pattern
 * with `*` in the file-name part (`data/ETHUSDT-1m-2024-*.zip`), or a list of those. Files are
 * ordered by the first open time they contain; each file's format is detected on its own.
 * Throws an Error with a one-line message for a missing path, an empty folder, an unreadable zip,
 * an unknown header, or files of several symbols.
 */
export function openCandles(input: string | readonly string[]): CandleSource {
  const paths = resolveInputs(input);
  const symbol = guessSymbol(paths);
  const plans = paths.map(planFile).sort(compareByFirstOpenTime);
  const quality = emptyQuality();
  return {
    files: plans.map((p) => p.path),
    quality,
    symbol,
    chunks: () => readFiles(plans, quality),
  };
}
