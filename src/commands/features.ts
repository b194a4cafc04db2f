import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { openCandles, describeQuality } from '../engine/data/openCandles.js';
import { writeFeaturesCsv } from '../engine/features/featuresCsv.js';
import { DEFAULT_FEATURE_PARAMS } from '../engine/core/types.js';
import { SentimentSeries } from '../engine/sentiment/sentimentSeries.js';
import { err, out } from './output.js';

/** `drl-tui features`: one CSV row per bar, the audit view of the feature engine. */
export function featuresCommand(
  data: readonly string[],
  outPath: string | undefined,
  sentimentDir: string | null,
): void {
  if (data.length === 0) throw new Error('features needs --data <file|folder|glob>');
  const source = openCandles(data);
  const series = sentimentDir && existsSync(sentimentDir) ? SentimentSeries.load(sentimentDir) : null;
  const sentimentAt = series && series.days > 0 ? (t: number) => series.valueAt(t) : undefined;
  // Synchronous writes keep memory flat (rows are never all held) and are the fastest path to a file.
  const fd = outPath ? openSync(outPath, 'w') : 1;
  let rows = 0;
  try {
    rows = writeFeaturesCsv(
      source.chunks(),
      DEFAULT_FEATURE_PARAMS,
      (text) => writeAll(fd, text),
      sentimentAt,
    );
  } finally {
    if (outPath) closeSync(fd);
  }
  for (const line of describeQuality(source.quality)) err(line);
  if (outPath) out(`${rows} rows written to ${outPath}`);
}

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text);
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue; // a non-blocking pipe is full: retry
      if (code === 'EPIPE') process.exit(0); // the reader (e.g. `head`) is done
      throw e;
    }
  }
}
