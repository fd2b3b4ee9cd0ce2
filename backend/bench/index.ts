/**
 * `npm run bench -- ingest` / `isolation` / `ocr` / `retrieval` / `analysis [--n=200]` / `quality` (or all with no argument). Each writes
 * bench/results/<name>.json at the repository root and prints a table; progress goes to stderr.
 */
import { benchAnalysis } from './analysis.js';
import { benchIngest } from './ingest.js';
import { benchIsolation } from './isolation.js';
import { benchOcr } from './ocr.js';
import { benchQuality } from './quality.js';
import { benchRetrieval } from './retrieval.js';

const benches: Record<string, () => Promise<void>> = { ingest: benchIngest, isolation: benchIsolation, ocr: benchOcr, retrieval: benchRetrieval, analysis: benchAnalysis, quality: benchQuality };
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
