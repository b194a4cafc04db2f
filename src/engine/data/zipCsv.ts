import { constants, crc32, inflateRawSync } from 'node:zlib';
import { unzipSync } from 'fflate';

/**
 * The one CSV inside a Binance daily zip. Reading the zip directory ourselves and inflating with
 * Node's native zlib is about twice as fast as fflate's pure-JS inflate (91 daily files: ~70 ms
 * against ~150 ms here), and lets us inflate only the first few KB when we just peek at the first
 * row. Anything the fast path does not handle (zip64, other compression methods) goes to fflate.
 */

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc: number;
  readonly localOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const nameDecoder = new TextDecoder('utf-8');

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
}

/** Central-directory entries, or null when the archive needs the general reader (zip64). */
function listEntries(zip: Uint8Array): ZipEntry[] | null {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = -1;
  for (let i = zip.length - 22; i >= 0 && i >= zip.length - 22 - 0xffff; i--) {
    if (view.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('no zip directory found');
  const count = view.getUint16(eocd + 10, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) return null;
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > zip.length || view.getUint32(p, true) !== CENTRAL_SIG) throw new Error('broken zip directory');
    const nameLength = view.getUint16(p + 28, true);
    const entry: ZipEntry = {
      method: view.getUint16(p + 10, true),
      crc: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localOffset: view.getUint32(p + 42, true),
      name: nameDecoder.decode(zip.subarray(p + 46, p + 46 + nameLength)),
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff) return null;
    if (entry.localOffset === 0xffffffff) return null;
    entries.push(entry);
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return entries;
}

/** The CSV among the archive's names: the only *.csv, else the only file. */
function pickCsv<T>(items: readonly T[], nameOf: (item: T) => string): T {
  const files = items.filter((it) => !nameOf(it).endsWith('/'));
  const csvs = files.filter((it) => nameOf(it).toLowerCase().endsWith('.csv'));
  const pool = csvs.length > 0 ? csvs : files;
  const [only] = pool;
  if (only === undefined) throw new Error('the archive is empty');
  if (pool.length > 1) throw new Error(`the archive holds ${pool.length} files; expected one CSV`);
  return only;
}

function dataStart(zip: Uint8Array, entry: ZipEntry): number {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const p = entry.localOffset;
  if (p + 30 > zip.length || view.getUint32(p, true) !== LOCAL_SIG) throw new Error('broken local header');
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  if (start + entry.compressedSize > zip.length) throw new Error('the archive is truncated');
  return start;
}

/** Whole archive through fflate: the general path for archives the fast path declines. */
export function unzipCsvWithFflate(zip: Uint8Array): Uint8Array {
  const files = unzipSync(zip);
  const name = pickCsv(Object.keys(files), (n) => n);
  const bytes = files[name];
  if (bytes === undefined) throw new Error('the archive is empty');
  return bytes;
}

function inflateEntry(zip: Uint8Array, entry: ZipEntry, limit: number): Uint8Array {
  const start = dataStart(zip, entry);
  const end = start + Math.min(entry.compressedSize, limit);
  const body = zip.subarray(start, end);
  if (entry.method === 0) return body;
  if (entry.method !== 8) throw new Error(`unsupported compression method ${entry.method}`);
  const partial = end < start + entry.compressedSize;
  // Z_SYNC_FLUSH lets zlib hand back what it has instead of failing on a cut-off stream.
  // One output buffer of the known size avoids zlib's 16 KB pieces and their final concat.
  const chunkSize = Math.max(64 * 1024, Math.min(entry.size, 256 * 1024 * 1024));
  const out = inflateRawSync(body, partial ? { finishFlush: constants.Z_SYNC_FLUSH } : { chunkSize });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

function withLabel<T>(label: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`${label}: not a readable zip file (${reason.split('\n')[0] ?? ''})`);
  }
}

/** The full CSV bytes inside a single-CSV zip; checks the CRC so a damaged file is named, not misread. */
export function unzipCsv(zip: Uint8Array, label: string): Uint8Array {
  return withLabel(label, () => {
    const entries = listEntries(zip);
    if (entries === null) return unzipCsvWithFflate(zip);
    const entry = pickCsv(entries, (e) => e.name);
    if (entry.method !== 0 && entry.method !== 8) return unzipCsvWithFflate(zip);
    const bytes = inflateEntry(zip, entry, Number.POSITIVE_INFINITY);
    if (bytes.length !== entry.size || crc32(bytes) >>> 0 !== entry.crc >>> 0) {
      throw new Error('CRC or size mismatch: the file is damaged');
    }
    return bytes;
  });
}

/** The first part of the CSV (a few KB or more), for peeking; `complete` when it is all of it. */
export function peekZipCsv(
  zip: Uint8Array,
  label: string,
  compressedBytes = 4096,
): { readonly bytes: Uint8Array; readonly complete: boolean } {
  return withLabel(label, () => {
    const entries = listEntries(zip);
    if (entries === null) return { bytes: unzipCsvWithFflate(zip), complete: true };
    const entry = pickCsv(entries, (e) => e.name);
    if (entry.method !== 0 && entry.method !== 8) return { bytes: unzipCsvWithFflate(zip), complete: true };
    const bytes = inflateEntry(zip, entry, compressedBytes);
    return { bytes, complete: compressedBytes >= entry.compressedSize };
  });
}
