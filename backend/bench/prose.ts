/**
 * Real English prose for the retrieval bench, read from this machine: the system's manual pages
 * (/usr/share/man/man{1,3,5,7,8}, groff markup stripped) the README/guide files of the installed npm
 * packages and the system packages' README/text files. Synthetic random-word text has no topical structure at all — every chunk is about equally far
 * from every other, the known worst case for any approximate nearest-neighbour graph — so the bench
 * reports both. Files are read in sorted order and chunked with the product's own chunker, so the corpus
 * is the same on every run of the same machine.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT_DIR } from '../src/config.js';
import { chunkUnits } from '../src/documents/chunk.js';

const MAN_SECTIONS = ['man1', 'man3', 'man5', 'man7', 'man8'].map((s) => path.join('/usr/share/man', s));

/** groff → plain text: drop requests and comments, unescape the common inline escapes. */
function fromGroff(src: string): string {
  const out: string[] = [];
  for (const line of src.split('\n')) {
    if (/^[.'](\\")?/.test(line) && !/^\.(B|I|BR|IR|RB|RI|BI|IB|SM|SB)\s/.test(line)) continue;
    out.push(
      line
        .replace(/^\.[A-Z]{1,2}\s+/, '')
        .replace(/\\f[BIRP0-9]|\\f\(..|\\f\[[^\]]*\]/g, '')
        .replace(/\\\(..|\\\[[^\]]*\]/g, ' ')
        .replace(/\\[-e&|^ ]/g, (m) => (m === '\\-' ? '-' : m === '\\e' ? '\\' : ' '))
        .replace(/\\\*\(?\S{1,2}/g, '')
        .replace(/"/g, ''),
    );
  }
  return out.join('\n');
}

function* files(dir: string, accept: (name: string) => boolean, depth = 0): Generator<string> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && depth < 6) yield* files(full, accept, depth + 1);
    else if (e.isFile() && accept(e.name)) yield full;
  }
}

/** Up to `n` chunks of real prose (fewer if the machine has less), plus where they came from. */
export function proseChunks(n: number): { texts: string[]; sources: { manPages: number; markdownFiles: number; packageDocs: number } } {
  const texts: string[] = [];
  const seen = new Set<string>();
  const sources = { manPages: 0, markdownFiles: 0, packageDocs: 0 };
  const add = (text: string): boolean => {
    const key = text.slice(0, 2000);
    if (text.length < 600 || seen.has(key)) return false; // skip stubs and the many copies of one README
    seen.add(key);
    for (const c of chunkUnits([{ page: 1, location: 'page 1', text }])) {
      if (c.tokenCount >= 40) texts.push(c.text);
      if (texts.length >= n) return true;
    }
    return texts.length >= n;
  };
  for (const dir of MAN_SECTIONS) {
    for (const file of files(dir, (f) => f.endsWith('.gz'))) {
      sources.manPages++;
      if (add(fromGroff(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')))) return { texts, sources };
    }
  }
  for (const file of files(path.join(ROOT_DIR, 'node_modules'), (f) => /\.md$/i.test(f) && !/^(changelog|history|license)/i.test(f))) {
    sources.markdownFiles++;
    if (add(fs.readFileSync(file, 'utf8'))) return { texts, sources };
  }
  for (const file of files('/usr/share/doc', (f) => /^readme|\.(txt|rst)(\.gz)?$/i.test(f))) {
    sources.packageDocs++;
    const raw = fs.readFileSync(file);
    if (add((file.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).toString('utf8'))) return { texts, sources };
  }
  return { texts, sources };
}

/**
 * Lines of prose up to `width` characters, one per call, for pages set in Helvetica (WinAnsi), which
 * cannot draw every character: only printable ASCII is kept.
 */
export function proseLines(width: number, chunks: number): () => string {
  const words = proseChunks(chunks).texts.join(' ').replace(/[^\x20-\x7e]+/g, ' ').split(/\s+/).filter(Boolean);
  let next = 0;
  return () => {
    let line = '';
    while (line.length + words[next % words.length].length < width) line += `${line ? ' ' : ''}${words[next++ % words.length]}`;
    return line || words[next++ % words.length].slice(0, width);
  };
}
