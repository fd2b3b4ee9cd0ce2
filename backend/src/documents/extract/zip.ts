/**
 * Bounded reading of the ZIP containers behind DOCX, XLSX and HWPX. A zip bomb declares small sizes in its
 * directory (or tells the truth and is still 300 MB of XML in a 1 MB file), so declared sizes are never
 * trusted: entries are inflated slice by slice and the bytes that actually come out are counted against
 * two bounds, the total unpacked size and the ratio of unpacked to packed bytes read so far. Either one
 * stops the inflate at once, having allocated at most one slice's output past the bound.
 *
 * The central directory is read by hand (fflate's streaming `Unzip` follows local headers, whose sizes a
 * data descriptor may leave blank); no ZIP64 (a document part over 4 GB is not a document).
 */
import { Inflate } from 'fflate';
import { PermanentJobError } from '../../queue/runner.js';
import { DocumentReadError, type FailureCode, type FailureParams } from '../failure.js';
import type { ZipLimits } from './types.js';

/** Packed bytes per inflate step: a 1,000:1 bomb yields at most ~4 MB from one step before the check. */
const SLICE = 4 * 1024;
/** Below this many unpacked bytes the ratio is not judged: a tiny, very repetitive part is not a bomb. */
const RATIO_FLOOR = 1024 * 1024;

/** A file over one of the bounds; its message is for the document's owner. */
export class ZipLimitError extends DocumentReadError {
  constructor(code: Extract<FailureCode, 'unpacked_limit' | 'compression_ratio'>, message: string, params: FailureParams) {
    super(code, message, params);
    this.name = 'ZipLimitError';
  }
}

interface Entry {
  name: string;
  method: number;
  packedSize: number;
  localOffset: number;
}

interface Directory {
  entries: Entry[];
  /** Where the central directory starts. */
  offset: number;
}

function directory(data: Uint8Array): Entry[] {
  return centralDirectory(data).entries;
}

function centralDirectory(data: Uint8Array): Directory {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // The end-of-directory record is in the last 64 KB + 22 bytes (its comment is at most 64 KB).
  let eocd = data.length - 22;
  const stop = Math.max(0, data.length - 65_557);
  while (eocd >= stop && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  if (eocd < stop) throw new Error('not a ZIP archive');
  const count = view.getUint16(eocd + 10, true);
  const offset = view.getUint32(eocd + 16, true);
  let at = offset;
  const entries: Entry[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (at + 46 > data.length || view.getUint32(at, true) !== 0x02014b50) throw new Error('broken central directory');
    const nameLength = view.getUint16(at + 28, true);
    entries.push({
      method: view.getUint16(at + 10, true),
      packedSize: view.getUint32(at + 20, true),
      name: decoder.decode(data.subarray(at + 46, at + 46 + nameLength)),
      localOffset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return { entries, offset };
}

/**
 * The archive as a reader that follows local headers in file order (exceljs, through unzipper) sees it is
 * the archive of the central directory: the entries tile the file from its first byte to the central
 * directory, each local header agreeing with its directory entry. Otherwise an entry missing from the
 * directory (so never inflated by checkZip) would be read by exceljs, and a duplicate name would win.
 */
function checkTiling(data: Uint8Array, dir: Directory): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const entries = [...dir.entries].sort((a, b) => a.localOffset - b.localOffset);
  let at = 0;
  for (const e of entries) {
    if (e.localOffset !== at) throw new Error(`${e.name} is not where the previous entry ends`);
    if (at + 30 > dir.offset || view.getUint32(at, true) !== 0x04034b50) throw new Error(`broken entry ${e.name}`);
    const flags = view.getUint16(at + 6, true);
    const localPacked = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const name = new TextDecoder().decode(data.subarray(at + 30, at + 30 + nameLength));
    if (name !== e.name || view.getUint16(at + 8, true) !== e.method) throw new Error(`the local header of ${e.name} disagrees with the directory`);
    // unzipper trusts a local size unless it is zero with the data-descriptor flag (then it looks for the descriptor).
    const descriptor = (flags & 0x08) !== 0;
    if ((localPacked !== 0 || !descriptor) && localPacked !== e.packedSize) throw new Error(`the local header of ${e.name} disagrees with the directory`);
    at += 30 + nameLength + view.getUint16(at + 28, true) + e.packedSize;
    if (descriptor) {
      if (localPacked !== 0 || at + 16 > dir.offset || view.getUint32(at, true) !== 0x08074b50) throw new Error(`${e.name} has no data descriptor where it ends`);
      at += 16;
    }
  }
  if (at !== dir.offset) throw new Error('there are bytes between the last entry and the central directory');
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Counts unpacked bytes across the entries of one archive. */
class Budget {
  spent = 0;
  constructor(
    private readonly limits: ZipLimits,
    private readonly what: string,
  ) {}

  /** `entryOut` bytes came out of the entry so far, from `entryIn` packed bytes. */
  charge(bytes: number, entryOut: number, entryIn: number): void {
    this.spent += bytes;
    if (this.spent > this.limits.maxUnzippedBytes) {
      const size = mb(this.limits.maxUnzippedBytes);
      throw new ZipLimitError('unpacked_limit', `The ${this.what} unpacks to more than ${size}, the most one file may unpack to here, so it was not read. Split it into smaller files, or save it as PDF.`, { size });
    }
    if (entryOut > RATIO_FLOOR && entryOut > this.limits.maxRatio * Math.max(entryIn, 1)) {
      const ratio = this.limits.maxRatio;
      throw new ZipLimitError('compression_ratio', `The ${this.what} is compressed more than ${ratio} to 1, which real documents never are (it looks like a "zip bomb"), so it was not read.`, { ratio });
    }
  }
}

/** Inflates one entry, handing each unpacked piece to `sink` (which may drop it) after charging it. */
function inflate(data: Uint8Array, entry: Entry, budget: Budget, sink: (piece: Uint8Array) => void): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const local = entry.localOffset;
  if (local + 30 > data.length || view.getUint32(local, true) !== 0x04034b50) throw new Error(`broken entry ${entry.name}`);
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const packed = data.subarray(start, start + entry.packedSize);
  if (entry.method === 0) {
    budget.charge(packed.length, packed.length, packed.length);
    sink(packed);
    return;
  }
  if (entry.method !== 8) throw new Error(`${entry.name} uses compression method ${entry.method}`);
  let out = 0;
  let consumed = 0;
  const inflater = new Inflate((piece) => {
    out += piece.length;
    budget.charge(piece.length, out, consumed);
    sink(piece);
  });
  for (let p = 0; p < packed.length; p += SLICE) {
    consumed = Math.min(packed.length, p + SLICE);
    inflater.push(packed.subarray(p, consumed), consumed >= packed.length);
  }
}

/** The wanted entries, whole, within the bounds. Damage is reported in words for the owner of `what`. */
export function unzipBounded(data: Uint8Array, wanted: (name: string) => boolean, limits: ZipLimits, what: string): Map<string, Uint8Array> {
  const budget = new Budget(limits, what);
  const out = new Map<string, Uint8Array>();
  try {
    for (const entry of directory(data)) {
      if (!wanted(entry.name)) continue;
      const pieces: Uint8Array[] = [];
      inflate(data, entry, budget, (piece) => pieces.push(piece));
      out.set(entry.name, pieces.length === 1 ? pieces[0] : Buffer.concat(pieces));
    }
  } catch (err) {
    throw damaged(err, what);
  }
  return out;
}

/**
 * Inflates every entry and keeps nothing: proof that a reader which trusts the archive (exceljs) will not
 * meet more than the bounds allow, once its entries are shown to be all there is (checkTiling).
 */
export function checkZip(data: Uint8Array, limits: ZipLimits, what: string): void {
  const budget = new Budget(limits, what);
  try {
    const dir = centralDirectory(data);
    checkTiling(data, dir);
    for (const entry of dir.entries) inflate(data, entry, budget, () => {});
  } catch (err) {
    throw damaged(err, what);
  }
}

function damaged(err: unknown, what: string): Error {
  if (err instanceof PermanentJobError) return err;
  return new DocumentReadError('damaged', `The ${what} is damaged and could not be read (${(err as Error).message}).`);
}
