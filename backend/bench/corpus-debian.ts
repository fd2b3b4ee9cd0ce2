/**
 * A corpus of real PDF manuals no one here wrote: the PDFs Debian's documentation packages ship, fetched
 * at run time with `apt-get download` and unpacked with `dpkg-deb -x` into data/bench-cache/debian (git
 * ignores data/), where later runs reuse them. Files are picked by a seeded shuffle of the sorted list
 * until the page target is reached, so every run on every machine with the same package versions reads
 * the same pages.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT_DIR } from '../src/config.js';
import { mapLimit } from '../src/queue/async.js';
import { progressBar, rng } from './support.js';

const run = promisify(execFile);

/** texlive-latex-base-doc: 269 PDFs of LaTeX manuals and package docs; gnuplot-doc: one 311-page manual. */
export const DEBIAN_PACKAGES = ['texlive-latex-base-doc', 'gnuplot-doc'];
export const CACHE_DIR = path.join(ROOT_DIR, 'data', 'bench-cache', 'debian');

export interface CorpusFile {
  /** Path inside the package (unique: used as the uploaded file name). */
  name: string;
  file: string;
  package: string;
  pages: number;
  sha256: string;
}

export interface DebianCorpus {
  packages: Array<{ name: string; deb: string; pdfs: number; pages: number }>;
  files: CorpusFile[];
  pages: number;
}

/** Downloads and unpacks one package unless its .deb is already in the cache (apt-get update once if asked to). */
async function fetchPackage(name: string): Promise<{ deb: string; root: string }> {
  const root = path.join(CACHE_DIR, name);
  fs.mkdirSync(root, { recursive: true });
  let deb = fs.readdirSync(root).find((f) => f.endsWith('.deb'));
  if (!deb) {
    process.stderr.write(`downloading ${name} (apt-get download)…\n`);
    try {
      await run('apt-get', ['download', name], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    } catch {
      process.stderr.write('apt-get download failed; running apt-get update and trying again…\n');
      await run('apt-get', ['update'], { maxBuffer: 64 * 1024 * 1024 });
      await run('apt-get', ['download', name], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    }
    deb = fs.readdirSync(root).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${name} left no .deb in ${root}`);
  }
  const tree = path.join(root, 'tree');
  if (!fs.existsSync(path.join(tree, '.unpacked'))) {
    fs.rmSync(tree, { recursive: true, force: true });
    fs.mkdirSync(tree, { recursive: true });
    await run('dpkg-deb', ['-x', path.join(root, deb), tree]);
    fs.writeFileSync(path.join(tree, '.unpacked'), deb);
  }
  return { deb, root: tree };
}

function pdfsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...pdfsUnder(full));
    else if (e.isFile() && e.name.toLowerCase().endsWith('.pdf')) out.push(full);
  }
  return out;
}

async function pageCount(file: string): Promise<number> {
  try {
    const { stdout } = await run('pdfinfo', [file]);
    return Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1] ?? 0);
  } catch {
    return 0; // unreadable by poppler: not a usable document for this bench
  }
}

/** Every PDF of the packages with its page count and hash (cached next to the packages). */
async function inventory(): Promise<{ packages: DebianCorpus['packages']; files: CorpusFile[] }> {
  const packages: DebianCorpus['packages'] = [];
  const files: CorpusFile[] = [];
  for (const name of DEBIAN_PACKAGES) {
    const { deb, root } = await fetchPackage(name);
    const listFile = path.join(CACHE_DIR, name, 'pdfs.json');
    let list: CorpusFile[];
    if (fs.existsSync(listFile) && JSON.parse(fs.readFileSync(listFile, 'utf8')).deb === deb) {
      list = (JSON.parse(fs.readFileSync(listFile, 'utf8')) as { files: CorpusFile[] }).files;
    } else {
      const pdfs = pdfsUnder(root).sort();
      const bar = progressBar(`counting pages (${name})`, pdfs.length);
      list = await mapLimit(pdfs, 4, async (file) => {
        const entry = { name: path.relative(path.join(root, 'usr/share/doc'), file), file, package: name, pages: await pageCount(file), sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex') };
        bar.increment();
        return entry;
      });
      bar.stop();
      fs.writeFileSync(listFile, JSON.stringify({ deb, files: list }, null, 1));
    }
    packages.push({ name, deb, pdfs: list.length, pages: list.reduce((n, f) => n + f.pages, 0) });
    files.push(...list);
  }
  return { packages, files };
}

/**
 * PDFs of the packages in a seeded shuffle of their sorted paths, taken until `minPages` pages. Files
 * poppler cannot read (0 pages) and byte-identical copies of a file already taken are passed over: an
 * upload of the same bytes is the same document.
 */
export async function debianCorpus(minPages: number, seed = 2500): Promise<DebianCorpus> {
  const { packages, files } = await inventory();
  const order = [...files].sort((a, b) => a.name.localeCompare(b.name));
  const random = rng(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const picked: CorpusFile[] = [];
  const hashes = new Set<string>();
  let pages = 0;
  for (const f of order) {
    if (pages >= minPages) break;
    if (!f.pages || hashes.has(f.sha256)) continue;
    hashes.add(f.sha256);
    picked.push(f);
    pages += f.pages;
  }
  if (pages < minPages) throw new Error(`the packages hold only ${pages} readable pages (wanted ${minPages})`);
  return { packages, files: picked, pages };
}

/** A PDF's text page by page as poppler reads it (the reference the questions are cut from). */
export async function pdfPages(file: string): Promise<string[]> {
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 256 * 1024 * 1024 });
  const pages = stdout.split('\f');
  pages.pop();
  return pages;
}
