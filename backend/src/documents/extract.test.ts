import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makePdf } from '../../test/documents.js';
import { chunkUnits } from './chunk.js';
import { extractPdf } from './extract/pdf.js';

describe('PDF extraction and chunking', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-extract-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps real page numbers across page ranges of a long PDF, with poppler and with pdf.js', async () => {
    const pages = Array.from({ length: 230 }, (_, i) => [`This is page number ${i + 1} of the long report.`]);
    pages[99].push('Marker hundred: the osprey clause.');
    pages[100].push('Marker hundred and one: the kestrel clause.');
    pages[229].push('Final marker: the condor clause.');
    pages[150] = []; // a page without text keeps the numbering of those after it
    const file = path.join(dir, 'long.pdf');
    fs.writeFileSync(file, await makePdf(pages));
    const seen: number[] = [];
    for (const engine of ['pdftotext', 'pdfjs'] as const) {
      const out = await extractPdf(file, engine, { onProgress: (f) => void seen.push(f) });
      assert.equal(out.pages, 230, engine);
      const page = (word: string) => out.units.find((u) => u.text.includes(word))?.page;
      assert.deepEqual([page('osprey'), page('kestrel'), page('condor')], [100, 101, 230], engine);
      assert.equal(out.units.find((u) => u.page === 152)?.text.includes('page number 152'), true, engine);
      assert.equal(out.units.some((u) => u.page === 151), false, engine);
    }
    assert.equal(seen.at(-1), 1);
  });

  it('chunks by tokens with overlap, never across a page, with offsets that quote the text', () => {
    const long = Array.from({ length: 200 }, (_, i) => `Sentence ${i} talks about item ${i}.`).join(' ');
    const units = [
      { page: 1, location: 'page 1', text: long },
      { page: 2, location: 'page 2', text: 'Short second page.' },
    ];
    const chunks = chunkUnits(units, { maxTokens: 100, overlap: 20 });
    const first = chunks.filter((c) => c.page === 1);
    assert.ok(first.length > 5);
    for (const c of first) {
      assert.equal(long.slice(c.charStart, c.charEnd), c.text);
      assert.ok(c.tokenCount <= 100);
    }
    // Windows overlap, and prefer to end at a sentence end.
    assert.ok(first[1].charStart < first[0].charEnd);
    assert.ok(first.slice(0, -1).every((c) => c.text.endsWith('.')));
    assert.deepEqual(chunks.filter((c) => c.page === 2).map((c) => c.text), ['Short second page.']);
  });
});
