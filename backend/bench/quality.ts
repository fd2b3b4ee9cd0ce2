/**
 * Answer quality on a real corpus (issue 25 §3, issue 31): does a question about a sentence cite that
 * sentence's page, does the claim verifier catch made-up numbers and quotes, and does Korean search find
 * the page when the question words the nouns differently.
 *   npm run bench -- quality        (BENCH_ENGINES=postgres by default; pglite too if listed)
 * Knobs: BENCH_QUALITY_PAGES (≥ pages of PDFs, default 2500), BENCH_QUALITY_SENTENCES (default 400),
 * BENCH_QUALITY_CLAIMS (cases per claim group, default 100), BENCH_QUALITY_ONLY=claims (the claim verifier
 * alone: no questions, no Korean set; the ingested chunks are kept in data/bench-cache/quality-chunks-
 * <engine>-<corpus hash>.json and reused by later claims-only runs, so only the first one ingests — delete the
 * file after a change to extraction or chunking).
 *
 * Corpus: the PDFs of Debian's texlive-latex-base-doc and gnuplot-doc packages (corpus-debian.ts),
 * fetched at run time, files taken in a seeded shuffle of their sorted paths until the page target, and
 * uploaded through the real pipeline (createDocument → queue → extract → chunk → embed → index), as an
 * upload is. Plus a generated Korean set (korean-corpus.ts) in the same project.
 *
 * Sampling rules for sentence questions, fixed before any result was seen:
 * 1. Page text is poppler's `pdftotext` output of the file (independent of the pipeline under test), NFKC,
 *    a word hyphenated at a line end joined as a reader reads it.
 * 2. Removed before sentences are cut: lines recurring (digits masked) on ≥ 3 pages of the same file
 *    (running headers, footers, page numbers); table-of-contents lines (dot leaders, or a numbered
 *    heading ending in a page number); code-heavy lines (≥ 8% of visible characters from \{}$%^_=<>|~#&@[]
 *    or ≥ 2 TeX commands). A removed line ends the paragraph.
 * 3. A sentence ends at . ! or ? before a capital; it must start with a capital, end with . ! or ?, not end
 *    in an abbreviation (e.g., etc., Fig.), have 8–60 words, ≥ 70% of its tokens plain words, and no
 *    code character.
 * 4. Pages with at least one such sentence are taken in a seeded shuffle, one sentence per page (seeded
 *    pick), until BENCH_QUALITY_SENTENCES: questions spread over the corpus, never two from one page.
 * 5. The right pages of a sentence: every page of the corpus whose text (words, lower-case) contains the
 *    sentence's words in order — a sentence repeated in several manuals is right on any of them.
 * Verbatim question: `Which page says: "<sentence>"?`. Paraphrase (paraphrase.ts): clauses reordered,
 * function words dropped, up to three synonym swaps, no quotes: `Which page explains that <paraphrase>?`.
 * Each runs as an analysis runs it: retrievalSearch(question, empty selection) → searchPassages with the
 * configured passage limit. Hit = the top passage's page is a right page; hit@k = any passage given is.
 *
 * Claims (claim-set.ts): BENCH_QUALITY_CLAIMS cases in each of numeric/quoted × correct/fabricated, cut
 * from the ingested chunks (seeded), each a one-sentence answer given to checkClaims with two passages.
 * Recall = fabricated claims with an unsupported verdict; false-flag rate = correct claims with one.
 *
 * Korean (korean-corpus.ts): 4 Word files × 10 pages, 240 figure sentences each stating a distinct
 * (city, measure, year, quarter); one question per sentence sharing no Hangul word form with it. Hit = the
 * top passage is the sentence's page.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { checkClaims, type Claim } from '../src/analysis/claims.js';
import { retrievalSearch, toStoredPassages, type StoredPassage } from '../src/analysis/context.js';
import type { Selection } from '../src/analysis/schema.js';
import type { DepsHandle } from '../src/deps.js';
import { createDocument } from '../src/documents/service.js';
import { searchPassages } from '../src/retrieval/search.js';
import { claimCases, type ClaimCase, type SourcePassage } from './claim-set.js';
import { CACHE_DIR, debianCorpus, pdfPages, type DebianCorpus } from './corpus-debian.js';
import { koreanCorpus, type KoreanCorpus } from './korean-corpus.js';
import { paraphrase } from './paraphrase.js';
import { boilerplateLines, comparable, pageSentences } from './sentences.js';
import { benchDeps, benchOwner, percentile, postgresUrl, progressBar, report, rng, round, type Engine } from './support.js';

const MIN_PAGES = Number(process.env.BENCH_QUALITY_PAGES ?? 2500);
const SENTENCES = Number(process.env.BENCH_QUALITY_SENTENCES ?? 400);
const CLAIMS_PER_GROUP = Number(process.env.BENCH_QUALITY_CLAIMS ?? 100);
const CLAIMS_ONLY = process.env.BENCH_QUALITY_ONLY === 'claims';
const EXAMPLES = 8;
/** No cells selected: the question alone drives retrieval, as when a user asks about the documents. */
const EMPTY_SELECTION: Selection = { sheet: 'Sheet1', ranges: [] };

const TARGETS = { verbatim: 0.99, paraphrased: 0.9, fabricatedFlagged: 0.95, correctFlagged: 0.02, korean: 0.95 };

interface Question {
  question: string;
  /** Right pages as "upload name#page". */
  expected: string[];
}

interface Outcome {
  hits: number;
  hitsAtK: number;
  total: number;
  misses: Array<{ question: string; query: string; expected: string[]; got: string | null; gotText: string | null; inTopK: boolean }>;
  latencies: number[];
}

/** The name a corpus file is uploaded under (its path in the package, flattened). */
const uploadName = (name: string) => name.replace(/\//g, '__');
const pageKey = (doc: string, page: number | null) => `${doc}#${page ?? '-'}`;

/** Every page's text, the sampled sentences and the pages each one is on. */
async function sampleSentences(corpus: DebianCorpus) {
  const pages: Array<{ doc: string; page: number; words: string; sentences: string[] }> = [];
  const bar = progressBar('reading pages (pdftotext)', corpus.files.length);
  for (const f of corpus.files) {
    const texts = await pdfPages(f.file);
    const boilerplate = boilerplateLines(texts.map((t) => t.normalize('NFKC')));
    texts.forEach((text, i) => pages.push({ doc: uploadName(f.name), page: i + 1, words: ` ${comparable(text)} `, sentences: pageSentences(text, boilerplate) }));
    bar.increment();
  }
  bar.stop();
  const eligible = pages.filter((p) => p.sentences.length);
  const random = rng(25);
  for (let i = eligible.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [eligible[i], eligible[j]] = [eligible[j], eligible[i]];
  }
  const picked = eligible.slice(0, SENTENCES).map((p) => ({ ...p, sentence: p.sentences[Math.floor(random() * p.sentences.length)] }));
  const sampled = picked.map((p) => {
    const needle = ` ${comparable(p.sentence)} `;
    const expected = pages.filter((q) => q.words.includes(needle)).map((q) => pageKey(q.doc, q.page));
    if (!expected.includes(pageKey(p.doc, p.page))) expected.unshift(pageKey(p.doc, p.page));
    return { sentence: p.sentence, doc: p.doc, page: p.page, expected };
  });
  return { sampled, pagesWithSentences: eligible.length, pagesRead: pages.length, sentencesOnPages: eligible.reduce((n, p) => n + p.sentences.length, 0) };
}

/** Uploads files as the upload route leaves them (a temp file in storage's temp dir) and waits for ingest. */
async function ingest(deps: DepsHandle, owner: { userId: string; projectId: string }, files: Array<{ name: string; bytes: Buffer }>, totalPages: number) {
  fs.mkdirSync(deps.storage.tempDir, { recursive: true });
  const bar = progressBar(`ingesting ${files.length} files`, totalPages);
  const poll = setInterval(async () => {
    const rows = await deps.knex('documents').where({ status: 'ready', projectId: owner.projectId }).sum<{ n: number }[]>('pages as n').catch(() => [{ n: 0 }]);
    bar.update(Math.min(totalPages, Number(rows[0]?.n ?? 0)));
  }, 1000);
  const t0 = performance.now();
  try {
    for (const [i, f] of files.entries()) {
      const tempPath = path.join(deps.storage.tempDir, `bench-quality-${i}`);
      fs.writeFileSync(tempPath, f.bytes);
      await createDocument(deps, { ...owner, file: { tempPath, filename: f.name, bytes: f.bytes.length, sha256: createHash('sha256').update(f.bytes).digest('hex') } });
    }
    await deps.queue.idle();
  } finally {
    clearInterval(poll);
  }
  bar.update(totalPages);
  bar.stop();
  const failed = await deps.knex('documents').where({ projectId: owner.projectId }).whereNot({ status: 'ready' }).select('filename', 'error');
  const [{ n: chunks }] = await deps.knex('chunks').where({ projectId: owner.projectId }).count<{ n: number }[]>('* as n');
  return { seconds: (performance.now() - t0) / 1000, failed: failed as Array<{ filename: string; error: string | null }>, chunks: Number(chunks) };
}

/** Asks each question the way an analysis does and scores the passages it would give the model. */
async function ask(deps: DepsHandle, owner: { userId: string; projectId: string }, label: string, questions: Question[]): Promise<Outcome> {
  const out: Outcome = { hits: 0, hitsAtK: 0, total: questions.length, misses: [], latencies: [] };
  const bar = progressBar(label, questions.length);
  for (const q of questions) {
    const { query, asked } = retrievalSearch(q.question, EMPTY_SELECTION);
    const t0 = performance.now();
    const passages: StoredPassage[] = query
      ? toStoredPassages(await searchPassages(deps, { userId: owner.userId, projectId: owner.projectId, query, asked, limit: deps.config.analysis.passages }))
      : [];
    out.latencies.push(performance.now() - t0);
    const keys = passages.map((p) => pageKey(p.documentName, p.page));
    const top = keys[0] ?? null;
    const hit = top !== null && q.expected.includes(top);
    const atK = keys.some((k) => q.expected.includes(k));
    if (hit) out.hits++;
    if (atK) out.hitsAtK++;
    if (!hit) out.misses.push({ question: q.question, query, expected: q.expected.slice(0, 5), got: top, gotText: passages[0]?.text.slice(0, 200) ?? null, inTopK: atK });
    bar.increment();
  }
  bar.stop();
  return out;
}

function summary(o: Outcome) {
  const sorted = [...o.latencies].sort((a, b) => a - b);
  return {
    questions: o.total,
    hitRate: round(o.hits / Math.max(o.total, 1), 4),
    hitRateAtK: round(o.hitsAtK / Math.max(o.total, 1), 4),
    misses: o.total - o.hits,
    searchP50Ms: round(percentile(sorted, 50), 1),
    searchP95Ms: round(percentile(sorted, 95), 1),
    missExamples: o.misses.slice(0, EXAMPLES),
  };
}

type Verdict = Pick<Claim, 'verdict' | 'reason'>;

/**
 * Runs the verifier on each case: "flagged" = at least one of the answer's claims is unsupported. Groups:
 * correct numeric and quoted claims, and fabricated ones by how they were made; "unchecked" = the verifier
 * judged none of the answer's claims (for a fabricated claim, a miss like a "supported").
 */
function verifyClaims(cases: ClaimCase[]) {
  const groups = new Map<string, { cases: number; flagged: number; unchecked: number; wrongExamples: Array<{ answer: string; verdicts: Verdict[]; cited: string }> }>();
  const flagged: boolean[] = [];
  const bar = progressBar('checking claims', cases.length);
  for (const c of cases) {
    const verdicts: Verdict[] = checkClaims({ answer: c.answer, passages: c.passages, selection: EMPTY_SELECTION });
    const isFlagged = verdicts.some((v) => v.verdict === 'unsupported');
    flagged.push(isFlagged);
    const key = `${c.kind} ${c.fabricated ? `fabricated (${c.how})` : 'correct'}`;
    const g = groups.get(key) ?? { cases: 0, flagged: 0, unchecked: 0, wrongExamples: [] };
    g.cases++;
    if (isFlagged) g.flagged++;
    if (verdicts.every((v) => v.verdict === 'unchecked')) g.unchecked++;
    // What the verifier got wrong (a fabricated claim let through, a correct one flagged), with what it cites.
    const cited = /\[(P\d)\]/.exec(c.answer)?.[1];
    if (isFlagged !== c.fabricated && g.wrongExamples.length < EXAMPLES) {
      g.wrongExamples.push({ answer: c.answer, verdicts: verdicts.map((v) => ({ verdict: v.verdict, reason: v.reason })), cited: c.passages.find((p) => p.id === cited)?.text ?? '' });
    }
    groups.set(key, g);
    bar.increment();
  }
  bar.stop();
  const share = (fabricated: boolean) => {
    const of = cases.flatMap((c, i) => (c.fabricated === fabricated ? [flagged[i]] : []));
    return { n: of.length, flagged: round(of.filter(Boolean).length / Math.max(of.length, 1), 4) };
  };
  const fabricated = share(true);
  const correct = share(false);
  return { fabricatedFlagged: fabricated.flagged, correctFlagged: correct.flagged, fabricated: fabricated.n, correct: correct.n, groups: Object.fromEntries(groups) };
}

/** Chunks of the Debian documents as passages, in a fixed order (document name, then ordinal). */
async function corpusPassages(deps: DepsHandle, projectId: string): Promise<SourcePassage[]> {
  const rows = await deps.knex('chunks as c').join('documents as d', 'd.id', 'c.documentId')
    .where({ 'c.projectId': projectId, 'd.kind': 'pdf' })
    .orderBy([{ column: 'd.filename' }, { column: 'c.ordinal' }])
    .select('c.id as chunkId', 'c.documentId', 'd.filename as documentName', 'd.kind as documentKind', 'c.page', 'c.location', 'c.text');
  return rows as SourcePassage[];
}

async function measure(engine: Engine, corpus: DebianCorpus, korean: KoreanCorpus, sentences: Awaited<ReturnType<typeof sampleSentences>>) {
  const { deps, close } = await benchDeps(engine, { EMBEDDING_PROVIDER: 'local', CHAT_PROVIDER: 'local' });
  try {
    const owner = await benchOwner(deps);
    // The corpus is more documents than the basic plan's per-project limit; the plan is not under test.
    await deps.knex('users').where({ id: owner.userId }).update({ tier: 'enterprise' });
    const files = [
      ...corpus.files.map((f) => ({ name: uploadName(f.name), bytes: fs.readFileSync(f.file) })),
      ...korean.files.map((f) => ({ name: f.name, bytes: f.bytes })),
    ];
    const ingested = await ingest(deps, owner, files, corpus.pages + korean.files.reduce((n, f) => n + f.pages, 0));

    const verbatim = await ask(deps, owner, `verbatim questions (${engine})`, sentences.sampled.map((s) => ({ question: `Which page says: "${s.sentence}"?`, expected: s.expected })));
    const paraphrased = await ask(deps, owner, `paraphrased questions (${engine})`, sentences.sampled.map((s) => ({ question: `Which page explains that ${paraphrase(s.sentence)}?`, expected: s.expected })));
    const koreanOutcome = await ask(deps, owner, `Korean questions (${engine})`, korean.facts.map((f) => ({ question: f.question, expected: [pageKey(f.file, f.page)] })));

    const claims = verifyClaims(claimCases(await corpusPassages(deps, owner.projectId), CLAIMS_PER_GROUP));

    return {
      engine,
      passageLimit: deps.config.analysis.passages,
      ingest: { seconds: round(ingested.seconds, 1), pagesPerSecond: round((corpus.pages + korean.files.reduce((n, f) => n + f.pages, 0)) / ingested.seconds, 1), chunks: ingested.chunks, failed: ingested.failed },
      verbatim: summary(verbatim),
      paraphrased: summary(paraphrased),
      korean: summary(koreanOutcome),
      claims,
    };
  } finally {
    await close();
  }
}

/** Where a claims-only run keeps the chunks of one corpus ingested on one engine. */
function chunkCache(engine: Engine, corpus: DebianCorpus): string {
  const hash = createHash('sha256').update(JSON.stringify(corpus.files.map((f) => [f.name, f.pages]))).digest('hex').slice(0, 12);
  return path.join(CACHE_DIR, '..', `quality-chunks-${engine}-${hash}.json`);
}

/** The verifier alone on the corpus's chunks: ingested once (cached), then only checkClaims runs. */
async function measureClaims(engine: Engine, corpus: DebianCorpus) {
  const cache = chunkCache(engine, corpus);
  let passages: SourcePassage[];
  if (fs.existsSync(cache)) passages = JSON.parse(fs.readFileSync(cache, 'utf8')) as SourcePassage[];
  else {
    const { deps, close } = await benchDeps(engine, { EMBEDDING_PROVIDER: 'local', CHAT_PROVIDER: 'local' });
    try {
      const owner = await benchOwner(deps);
      await deps.knex('users').where({ id: owner.userId }).update({ tier: 'enterprise' });
      await ingest(deps, owner, corpus.files.map((f) => ({ name: uploadName(f.name), bytes: fs.readFileSync(f.file) })), corpus.pages);
      passages = await corpusPassages(deps, owner.projectId);
    } finally {
      await close();
    }
    fs.writeFileSync(cache, JSON.stringify(passages));
  }
  return { engine, chunks: passages.length, chunkCache: path.basename(cache), claims: verifyClaims(claimCases(passages, CLAIMS_PER_GROUP)) };
}

/** `BENCH_QUALITY_ONLY=claims`: the claims rows only, written to bench/results/quality-claims.json. */
async function benchClaimsOnly(engines: Engine[]): Promise<void> {
  const corpus = await debianCorpus(MIN_PAGES);
  const results = [];
  for (const engine of engines) results.push(await measureClaims(engine, corpus));
  const rows: Array<Record<string, string | number>> = [];
  for (const r of results) claimRows(rows, r.engine, r.claims);
  report('quality-claims', { corpus: { pages: corpus.pages, fileCount: corpus.files.length }, targets: TARGETS, results }, rows);
}

function claimRows(rows: Array<Record<string, string | number>>, engine: Engine, claims: ReturnType<typeof verifyClaims>): void {
  rows.push({ engine, measure: 'fabricated claims flagged', value: pct(claims.fabricatedFlagged), target: `≥ ${pct(TARGETS.fabricatedFlagged)}`, status: met(claims.fabricatedFlagged >= TARGETS.fabricatedFlagged), n: claims.fabricated });
  rows.push({ engine, measure: 'correct claims flagged', value: pct(claims.correctFlagged), target: `≤ ${pct(TARGETS.correctFlagged)}`, status: met(claims.correctFlagged <= TARGETS.correctFlagged), n: claims.correct });
  for (const [group, g] of Object.entries(claims.groups).sort(([a], [b]) => a.localeCompare(b))) {
    rows.push({ engine, measure: `  ${group}: flagged (unchecked)`, value: `${pct(g.flagged / g.cases)} (${pct(g.unchecked / g.cases)})`, target: '', status: '', n: g.cases });
  }
}

const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const pct = (x: number) => `${round(x * 100, 1)}%`;

/** The whole bench: corpus, questions, verifier, Korean; a table with targets. Never fails the build. */
export async function benchQuality(): Promise<void> {
  const wanted = (process.env.BENCH_ENGINES ?? 'postgres').split(',');
  const engines: Engine[] = [];
  if (wanted.includes('postgres') && (await postgresUrl())) engines.push('postgres');
  if (wanted.includes('pglite')) engines.push('pglite');
  if (!engines.length) throw new Error('no engine to run on: BENCH_ENGINES=postgres needs a PostgreSQL server (BENCH_DATABASE_URL)');
  if (CLAIMS_ONLY) return benchClaimsOnly(engines);

  const corpus = await debianCorpus(MIN_PAGES);
  const sentences = await sampleSentences(corpus);
  const korean = await koreanCorpus();
  const results = [];
  for (const engine of engines) results.push(await measure(engine, corpus, korean, sentences));

  const rows: Array<Record<string, string | number>> = [];
  for (const r of results) {
    rows.push({ engine: r.engine, measure: 'verbatim: top passage on the page', value: pct(r.verbatim.hitRate), target: `≥ ${pct(TARGETS.verbatim)}`, status: met(r.verbatim.hitRate >= TARGETS.verbatim), n: r.verbatim.questions });
    rows.push({ engine: r.engine, measure: `verbatim: page among the ${r.passageLimit} passages`, value: pct(r.verbatim.hitRateAtK), target: '', status: '', n: r.verbatim.questions });
    rows.push({ engine: r.engine, measure: 'paraphrased: top passage on the page', value: pct(r.paraphrased.hitRate), target: `≥ ${pct(TARGETS.paraphrased)}`, status: met(r.paraphrased.hitRate >= TARGETS.paraphrased), n: r.paraphrased.questions });
    rows.push({ engine: r.engine, measure: `paraphrased: page among the ${r.passageLimit} passages`, value: pct(r.paraphrased.hitRateAtK), target: '', status: '', n: r.paraphrased.questions });
    claimRows(rows, r.engine, r.claims);
    rows.push({ engine: r.engine, measure: 'Korean: top passage on the page', value: pct(r.korean.hitRate), target: `≥ ${pct(TARGETS.korean)}`, status: met(r.korean.hitRate >= TARGETS.korean), n: r.korean.questions });
    rows.push({ engine: r.engine, measure: `Korean: page among the ${r.passageLimit} passages`, value: pct(r.korean.hitRateAtK), target: '', status: '', n: r.korean.questions });
  }
  report('quality', {
    corpus: {
      source: 'Debian documentation packages, fetched with apt-get download at run time',
      packages: corpus.packages,
      files: corpus.files.map((f) => ({ name: f.name, package: f.package, pages: f.pages })),
      fileCount: corpus.files.length,
      pages: corpus.pages,
      pagesWithProseSentences: sentences.pagesWithSentences,
      proseSentences: sentences.sentencesOnPages,
      sentencesSampled: sentences.sampled.length,
      sentencesOnSeveralPages: sentences.sampled.filter((s) => s.expected.length > 1).length,
      korean: { files: korean.files.map((f) => ({ name: f.name, pages: f.pages })), questions: korean.facts.length },
    },
    targets: TARGETS,
    results,
  }, rows);
}
