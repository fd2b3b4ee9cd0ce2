/**
 * `npm run bench -- http` / `debits` / `queue` / `ingest` / `isolation` / `ocr` / `retrieval` / `search` / `analysis [--n=200]` /
 * `quality` / `quote [--n=80] [--seed=40]` (or all with no argument, in that order). Each writes
 * bench/results/<name>.json at the repository root and prints a table; progress goes to stderr.
 */
import { benchAnalysis } from './analysis.js';
import { benchDebits } from './debits.js';
import { benchHttp } from './http.js';
import { benchIngest } from './ingest.js';
import { benchIsolation } from './isolation.js';
import { benchOcr } from './ocr.js';
import { benchQueue } from './queue.js';
import { benchQuality } from './quality.js';
import { benchQuote } from './quote.js';
import { benchRetrieval } from './retrieval.js';
import { benchSearch } from './search.js';

const benches: Record<string, () => Promise<void>> = { http: benchHttp, debits: benchDebits, queue: benchQueue, ingest: benchIngest, isolation: benchIsolation, ocr: benchOcr, retrieval: benchRetrieval, analysis: benchAnalysis, quality: benchQuality, search: benchSearch, quote: benchQuote };
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !benches[w]);
if (unknown.length) {
  console.error(`unknown bench: ${unknown.join(', ')} (choose from ${Object.keys(benches).join(', ')})`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : Object.keys(benches)) {
  console.error(`\n── bench: ${name} ──`);
  await benches[name]();
}
process.exit(0);
