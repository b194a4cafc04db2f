import { basename } from 'node:path';
import type { CandleSource } from '../data/types.js';

/** One line naming the candle files a session read, for the journal's session header. */
export function describeSource(source: CandleSource, kind = 'candle files'): string {
  const f = source.files;
  if (f.length === 0) return `${kind}: none`;
  if (f.length <= 3) return `${kind}: ${f.join(', ')}`;
  return `${f.length} ${kind}: ${f[0]} … ${basename(f[f.length - 1]!)}`;
}
