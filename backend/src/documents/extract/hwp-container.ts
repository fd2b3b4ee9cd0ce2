/**
 * The HWP 5 container (see hwp.ts for the format): the OLE compound file read with SheetJS `cfb`, the
 * FileHeader's version and flags, the protections that keep the text unreadable, and the bounded inflate
 * of its streams. Detection (detect.ts) uses it at upload; extraction (hwp.ts) in the ingest worker.
 */
import zlib from 'node:zlib';
import CFB from 'cfb';
import { DocumentReadError } from '../failure.js';
import type { ZipLimits } from './types.js';
import { ZipLimitError } from './zip.js';

export const HWP_SIGNATURE = 'HWP Document File';
/** Most bytes DocInfo and the sections may unpack to together, unless INGEST_MAX_UNZIPPED_MB is lower. */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
/** Below this many unpacked bytes the ratio is not judged (as in zip.ts). */
const RATIO_FLOOR = 1024 * 1024;

const OLE_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');

/** FileHeader properties (HWP 5.0 spec, table 3). */
const FLAG = {
  compressed: 1 << 0,
  password: 1 << 1,
  distribution: 1 << 2,
  drm: 1 << 4,
  certificateEncryption: 1 << 8,
  certificateDrm: 1 << 10,
} as const;

export interface HwpHeader {
  /** "5.0.3.0" */
  version: string;
  major: number;
  compressed: boolean;
  /** Password set (or certificate encryption): the body streams are encrypted. */
  encrypted: boolean;
  /** DRM protected (Hancom's or a certificate's). */
  drm: boolean;
  /** 배포용 문서: the text is only in the encrypted ViewText streams. */
  distribution: boolean;
}

/** Why a document cannot be read, for detection to refuse it at upload; null when it can be read. */
export type HwpProtection = 'encrypted' | 'drm' | 'distribution' | null;

export const PROTECTED_MESSAGE: Record<Exclude<HwpProtection, null>, string> = {
  encrypted:
    'This HWP document is password-protected, so its text cannot be read. Open it in Hangul, remove the document password (문서 암호), save it and upload it again.',
  drm: 'This HWP document is protected by DRM (document security), so its text cannot be read. Save an unprotected copy (or a PDF) and upload that.',
  distribution:
    'This HWP document is a distribution document (배포용 문서): its text is encrypted for viewing only, so it cannot be read. Upload the original document, or a PDF of it.',
};

const PROTECTED_CODE = { encrypted: 'hwp_encrypted', drm: 'hwp_drm', distribution: 'hwp_distribution' } as const;

/** The failure of a document whose protection keeps its text unreadable. */
export function protectedError(protection: Exclude<HwpProtection, null>): DocumentReadError {
  return new DocumentReadError(PROTECTED_CODE[protection], PROTECTED_MESSAGE[protection]);
}

export function isOle(head: Uint8Array): boolean {
  return head.length >= 8 && Buffer.from(head.buffer, head.byteOffset, 8).equals(OLE_MAGIC);
}

/** HWP 3.x and older are not compound files: the signature starts the file itself. */
export function isLegacyHwp(head: Uint8Array): boolean {
  return (
    Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 17)).toString('latin1') ===
      HWP_SIGNATURE && !isOle(head)
  );
}

/** The FileHeader stream's fields, or null when it is not an HWP header. */
export function parseHeader(bytes: Uint8Array | undefined): HwpHeader | null {
  if (!bytes || bytes.length < 40) return null;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.toString('latin1', 0, 17) !== HWP_SIGNATURE) return null;
  const version = buf.readUInt32LE(32);
  const flags = buf.readUInt32LE(36);
  const has = (bit: number) => (flags & bit) !== 0;
  return {
    version: [version >>> 24, (version >>> 16) & 0xff, (version >>> 8) & 0xff, version & 0xff].join('.'),
    major: version >>> 24,
    compressed: has(FLAG.compressed),
    encrypted: has(FLAG.password) || has(FLAG.certificateEncryption),
    drm: has(FLAG.drm) || has(FLAG.certificateDrm),
    distribution: has(FLAG.distribution),
  };
}

export type Container = ReturnType<typeof CFB.read>;

/** The stream at `path` ("FileHeader", "BodyText/Section0"), or undefined. */
export function stream(container: Container, path: string): Uint8Array | undefined {
  const entry = CFB.find(container, `/${path}`);
  if (!entry || entry.type !== 2) return undefined;
  const content = entry.content as Uint8Array | number[] | undefined;
  return content instanceof Uint8Array ? content : content ? Uint8Array.from(content) : new Uint8Array(0);
}

/** Section streams under `storage` (BodyText or ViewText), in section order. */
export function sectionPaths(container: Container, storage: string): string[] {
  const pattern = new RegExp(`/${storage}/Section(\\d+)$`);
  const found = container.FullPaths.map((p) => pattern.exec(p)).filter(
    (m): m is RegExpExecArray => m !== null,
  );
  return found.sort((a, b) => Number(a[1]) - Number(b[1])).map((m) => `${storage}/Section${m[1]}`);
}

export interface HwpInspection {
  /** The compound file parsed and holds a FileHeader with the HWP signature. */
  header: HwpHeader | null;
  /** The compound file itself could not be parsed. */
  damaged: boolean;
  protection: HwpProtection;
}

/** Opens the compound file; throws on a damaged container. */
export function openContainer(data: Uint8Array): Container {
  checkStructure(data);
  return CFB.read(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { type: 'buffer' });
}

const END = -2;
/** More directory entries than any HWP holds; cfb names them in time quadratic in their count. */
const MAX_DIRECTORY_ENTRIES = 16_384;
/** Sectors cfb may copy while it chains the file, per sector of the file (a well-formed file needs 1–2). */
const MAX_WALK_PER_SECTOR = 4;

/**
 * Refuses a compound file that `cfb` (1.2.2) cannot read safely: it follows a stream's FAT chain with no
 * cycle check and re-copies chains that share sectors, so a hostile FAT grows an array until V8 aborts the
 * whole process ("invalid size", beyond any catch) or exhausts memory. In one linear pass over the sectors
 * cfb will use (its own DIFAT and FAT reading, mirrored): every pointer inside the file, no sector in two
 * chains, no loop, the directory of a sane size, and the sectors cfb will copy bounded.
 */
export function checkStructure(data: Uint8Array): void {
  if (!isOle(data)) throw new Error('not a compound file');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const major = view.getUint16(26, true);
  if (major !== 3 && major !== 4) throw new Error(`unknown compound-file version ${major}`);
  const ssz = major === 3 ? 512 : 4096;
  const n = Math.ceil(data.length / ssz) - 1; // sectors after the header (cfb's sectorify)
  if (n < 1 || data.length < ssz) throw new Error('the file ends inside its header');
  const perSector = ssz / 4;
  // As cfb's __readInt32LE: a slot past the end of the file reads as NaN, which ends a chain.
  const slot = (sector: number, index: number) => {
    const at = (sector + 1) * ssz + index * 4;
    return at + 4 <= data.length ? view.getInt32(at, true) : NaN;
  };
  const isSector = (v: number) => v >= 0 && v < n;

  // The FAT's sector addresses: header DIFAT up to its first negative slot, then the DIFAT chain.
  const fatAddrs: number[] = [];
  for (let j = 0; j < 109; j++) {
    const q = view.getInt32(76 + j * 4, true);
    if (q < 0) break;
    fatAddrs.push(q);
  }
  const seenDifat = new Set<number>();
  for (let idx = view.getInt32(68, true), cnt = view.getInt32(72, true); ; cnt--) {
    if (idx === END) {
      if (cnt !== 0) throw new Error('the DIFAT chain is shorter than declared');
      break;
    }
    if (!isSector(idx)) break;
    if (seenDifat.has(idx)) throw new Error('the DIFAT chain loops');
    seenDifat.add(idx);
    for (let i = 0; i < perSector - 1; i++) {
      const q = slot(idx, i);
      if (q === END) break;
      fatAddrs.push(q);
    }
    // A real DIFAT lists one FAT sector per 128 sectors of the file (and free slots in its last sector).
    if (fatAddrs.length > n + 2 * perSector) throw new Error('the DIFAT lists more FAT sectors than the file has');
    if (!(cnt >= 1)) break;
    idx = slot(idx, perSector - 1);
  }
  const fatSectors = new Set<number>();
  for (const a of fatAddrs) {
    if (!isSector(a)) continue; // cfb reads a missing FAT sector as the end of every chain through it
    if (fatSectors.has(a)) throw new Error(`FAT sector ${a} is listed twice`);
    fatSectors.add(a);
  }
  const next = (j: number): number => {
    const addr = fatAddrs[Math.floor(j / perSector)];
    return addr !== undefined && isSector(addr) ? slot(addr, j % perSector) : END;
  };

  // Every pointer (non-negative entry) leads inside the file, from a sector inside it, to a sector no
  // other entry leads to.
  const incoming = new Uint8Array(n);
  fatAddrs.forEach((addr, f) => {
    if (!isSector(addr)) return;
    for (let j = f * perSector; j < (f + 1) * perSector; j++) {
      const v = next(j);
      if (!(v >= 0)) continue;
      if (j >= n || v >= n) throw new Error(`the FAT points outside the file at sector ${j}`);
      if (incoming[v]) throw new Error(`sector ${v} is in two chains`);
      incoming[v] = 1;
    }
  });
  // The chains are now disjoint paths, or loops: walk each path from its head; a sector left over is on a loop.
  const path = new Int32Array(n).fill(-1);
  const position = new Int32Array(n);
  const lengths: number[] = [];
  for (let head = 0; head < n; head++) {
    if (incoming[head]) continue;
    let length = 0;
    for (let j = head; j >= 0; j = next(j)) {
      path[j] = lengths.length;
      position[j] = length++;
    }
    lengths.push(length);
  }
  const looped = path.indexOf(-1);
  if (looped >= 0) throw new Error(`the FAT chain through sector ${looped} loops`);

  // What cfb copies: make_sector_list walks from each sector not yet walked, starting at the directory,
  // to its chain's end; read_directory then walks from a big stream's start when no walk began there.
  const dirStart = view.getInt32(48, true);
  if (!isSector(dirStart)) throw new Error('the directory starts outside the file');
  const firstStarted = new Int32Array(lengths.length).fill(0x7fffffff);
  const started = new Uint8Array(n);
  let copied = 0;
  for (let i = 0; i < n; i++) {
    const k = (i + dirStart) % n;
    if (firstStarted[path[k]] <= position[k]) continue;
    firstStarted[path[k]] = position[k];
    started[k] = 1;
    copied += lengths[path[k]] - position[k];
  }
  const dirSectors = lengths[path[dirStart]] - position[dirStart];
  if ((dirSectors * ssz) / 128 > MAX_DIRECTORY_ENTRIES) throw new Error('the directory is too large');
  for (let k = dirStart; k >= 0; k = next(k)) {
    for (let at = (k + 1) * ssz; at + 128 <= Math.min((k + 2) * ssz, data.length); at += 128) {
      const start = view.getInt32(at + 116, true);
      const size = view.getInt32(at + 120, true);
      if (view.getUint8(at + 66) === 5 || size < 4096 || !isSector(start) || started[start]) continue;
      started[start] = 1;
      copied += lengths[path[start]] - position[start];
    }
  }
  if (copied > MAX_WALK_PER_SECTOR * n + 64) throw new Error('its chains overlap');
}

/** What an OLE file is, as far as HWP goes (detect.ts): its header, and whether it may be read. */
export function inspectHwp(data: Uint8Array): HwpInspection {
  let container: Container;
  try {
    container = openContainer(data);
  } catch {
    return { header: null, damaged: true, protection: null };
  }
  const header = parseHeader(stream(container, 'FileHeader'));
  return { header, damaged: false, protection: header ? protectionOf(header, container) : null };
}

/** The protection that keeps the text from being read, if any. */
export function protectionOf(header: HwpHeader, container: Container): HwpProtection {
  if (header.encrypted) return 'encrypted';
  if (header.drm) return 'drm';
  if (
    header.distribution ||
    (!sectionPaths(container, 'BodyText').length && sectionPaths(container, 'ViewText').length)
  )
    return 'distribution';
  return null;
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Unpacks the streams of one document against one budget (total bytes and ratio, as zip.ts does). */
export class Unpacker {
  private spent = 0;
  constructor(
    private readonly limits: ZipLimits,
    private readonly compressed: boolean,
  ) {}

  unpack(packed: Uint8Array, name: string): Buffer {
    const remaining = this.limits.maxUnzippedBytes - this.spent;
    const raw = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
    if (!this.compressed) {
      this.charge(raw.length, remaining);
      return raw;
    }
    const ratioCap = Math.max(RATIO_FLOOR, this.limits.maxRatio * Math.max(packed.length, 1));
    let out: Buffer;
    try {
      // The output stops growing one byte past the smaller bound: a bomb never unpacks beyond it.
      out = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, Math.min(remaining, ratioCap) + 1) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE')
        throw damaged(`${name} cannot be decompressed: ${(err as Error).message}`);
      if (remaining <= ratioCap) throw this.tooLarge();
      throw this.tooCompressed();
    }
    if (out.length > ratioCap) throw this.tooCompressed();
    this.charge(out.length, remaining);
    return out;
  }

  private charge(bytes: number, remaining: number): void {
    if (bytes > remaining) throw this.tooLarge();
    this.spent += bytes;
  }

  private tooLarge(): Error {
    const size = mb(this.limits.maxUnzippedBytes);
    return new ZipLimitError(
      'unpacked_limit',
      `The HWP file unpacks to more than ${size}, the most one file may unpack to here, so it was not read. Split it into smaller files, or save it as PDF.`,
      { size },
    );
  }

  private tooCompressed(): Error {
    const ratio = this.limits.maxRatio;
    return new ZipLimitError(
      'compression_ratio',
      `The HWP file is compressed more than ${ratio} to 1, which real documents never are (it looks like a "zip bomb"), so it was not read.`,
      { ratio },
    );
  }
}

/** A damaged file's failure, with what is broken and what its owner can do. */
export function damaged(detail: string): DocumentReadError {
  return new DocumentReadError(
    'damaged',
    `The HWP file is damaged and could not be read (${detail}). Open it in Hangul and save it again, or save it as HWPX or PDF.`,
  );
}
