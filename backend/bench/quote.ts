/**
 * How close the pre-run quote comes to what a run is then charged (issue 28 §1), through HTTP:
 * POST /analyses/quote, then POST /analyses with the same body, and the quote set against `tokensCharged`.
 * Over a mix of selections (3 to 400 cells, numbers and text) and prompts (seven intents, English and
 * Korean), with the local analyst and with a fake OpenAI-compatible model on loopback that reports usage
 * like a real server: prompt tokens counted with the tokenizer, an answer whose length depends on the
 * intent, the language and the size of the selection, with noise. The prediction learns from settled runs,
 * so each engine first runs `--seed=40` analyses, then `--n=80` are measured.
 * Targets: median |settled − quoted| / settled ≤ 10%; high ≥ settled in ≥ 95% of runs.
 *   npm run bench -- quote [--n=80] [--seed=40]
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI } from '../test/fake-openai.js';
import { countPromptTokens, type ChatMessage } from '../src/analysis/context.js';
import { ROOT_DIR } from '../src/config.js';
import { benchApp, benchJson as json, rng } from './support.js';

const PROMPTS: Array<{ intent: string; en: string; ko: string }> = [
  { intent: 'summarise', en: 'Summarise these figures', ko: '이 수치를 요약해 주세요' },
  { intent: 'compare', en: 'Compare the regions against each other', ko: '지역별로 비교해 주세요' },
  { intent: 'trend', en: 'What is the trend over the months?', ko: '월별 추세는 어떤가요?' },
  { intent: 'anomaly', en: 'Find any outliers or unusual values', ko: '이상치나 특이한 값을 찾아 주세요' },
  { intent: 'explain', en: 'Explain why revenue changed', ko: '매출이 왜 바뀌었는지 설명해 주세요' },
  { intent: 'verify', en: 'Verify these numbers against the report', ko: '보고서와 대조해 이 수치를 검증해 주세요' },
  { intent: 'forecast', en: 'Forecast the next quarter', ko: '다음 분기를 예측해 주세요' },
];

const REGIONS = ['Seoul', 'Busan', 'Incheon', 'Daegu', 'Gwangju', 'Daejeon', 'Ulsan', 'Suwon'];
const NOTES = ['on plan', 'late shipment', 'new customer', 'price cut', 'supplier delay', 'strong demand', 'one-off order', '재고 부족', '신규 고객'];

/** A selection of `rows` × `cols`: numbers, or text-heavy (region, note, figures). */
function selection(random: () => number, rows: number, cols: number, text: boolean) {
  const header = ['Region', ...(text ? ['Note'] : []), ...Array.from({ length: cols - (text ? 2 : 1) }, (_, i) => `M${i + 1}`)];
  const values: Array<Array<string | number>> = [header];
  for (let r = 0; r < rows; r++) {
    const row: Array<string | number> = [REGIONS[r % REGIONS.length] + (r >= REGIONS.length ? ` ${Math.floor(r / REGIONS.length) + 1}` : '')];
    if (text) row.push(NOTES[Math.floor(random() * NOTES.length)]);
    while (row.length < cols) row.push(Math.round(800 + random() * 1200));
    values.push(row);
  }
  const last = String.fromCharCode(64 + cols);
  return { sheet: 'Sales', ranges: [{ address: `A1:${last}${rows + 1}`, values }] };
}

const SIZES: Array<[number, number, boolean]> = [
  [3, 3, false],
  [6, 4, false],
  [12, 5, false],
  [8, 4, true],
  [24, 6, false],
  [20, 5, true],
  [48, 8, false],
  [50, 8, true],
];

/**
 * The fake model's answer length: a base per kind of question (read from the refined prompt's format
 * rule), longer in Korean, growing with the cells it is shown, times log-normal noise (σ 0.15), capped at
 * max_tokens like a real model.
 */
function answerTokens(random: () => number, req: ChatRequest): number {
  const user = req.messages.find((m) => m.role === 'user')?.content ?? '';
  const kinds: Array<[RegExp, number]> = [
    [/comparison|비교/, 260],
    [/projection|예측/, 230],
    [/unusual value|특이한 값/, 220],
    [/direction and size of the trend|추세의 방향/, 200],
    [/plain language|쉬운 말/, 300],
    [/confirm it|뒷받침/, 240],
  ];
  const base = kinds.find(([re]) => re.test(user))?.[1] ?? 180;
  const korean = /[\uAC00-\uD7A3]{2}/.test(user.split('\n')[0]) ? 1.25 : 1;
  const cells = (user.match(/[A-Z]+\d+=/g) ?? []).length;
  const gauss = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const n = Math.round((base + 1.2 * Math.sqrt(cells) * 10) * korean * Math.exp(0.15 * gauss));
  return Math.max(8, Math.min(req.max_tokens ?? 1500, n));
}

interface Sample {
  engine: string;
  intent: string;
  language: 'en' | 'ko';
  cells: number;
  quoted: number;
  low: number;
  high: number;
  settled: number;
  /** The hold before quotes: prompt + the most the model may write (the local analyst: its price). */
  oldHold: number;
  outputFrom: string;
}

async function benchEngine(engine: 'local' | 'model', opts: { n: number; seed: number; fake: FakeOpenAI | null }): Promise<Sample[]> {
  const app = await benchApp(opts.fake ? { CHAT_PROVIDER: 'openai', OPENAI_BASE_URL: opts.fake.baseUrl, CHAT_MODEL: 'gpt-4o-mini' } : {});
  const { api, auth, config, deps, projectId, userId } = app;
  try {
    // A report to retrieve passages from, so prompts carry passages as they do in use.
    const [doc] = await deps.knex('documents')
      .insert({ userId, projectId, filename: 'annual-report.pdf', mime: 'application/pdf', kind: 'pdf', bytes: 1000, sha256: randomBytes(16).toString('hex'), storageKey: 'bench/report.pdf', pages: 4, status: 'ready', progress: 100, chunkCount: 4 })
      .returning('id');
    const pages = [
      'Revenue grew 12% in Seoul and 8% in Busan; Incheon fell after the supplier delay in March.',
      'The one-off order in Daegu added 2,400 in May. Prices were cut by 5% in Gwangju to win new customers.',
      '지역별 매출은 서울과 부산이 가장 높았고, 인천은 3월 공급 지연으로 감소했습니다.',
      'Next quarter we expect demand to stay strong; the forecast assumes no further price cuts.',
    ];
    await deps.knex('chunks').insert(pages.map((text, i) => ({ documentId: doc.id, projectId, ordinal: i, page: i + 1, location: `page ${i + 1}`, charStart: i * 200, charEnd: i * 200 + text.length, tokenCount: text.split(/\s+/).length, text })));

    const random = rng(engine === 'local' ? 7 : 11);
    const samples: Sample[] = [];
    for (let i = 0; i < opts.seed + opts.n; i++) {
      const p = PROMPTS[Math.floor(random() * PROMPTS.length)];
      const language = random() < 0.5 ? 'en' : 'ko';
      const [rows, cols, text] = SIZES[Math.floor(random() * SIZES.length)];
      const body = { projectId, source: 'web', selection: selection(random, rows, cols, text), prompt: p[language] };
      const q = await json(`${api}/analyses/quote`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
      if (q.status !== 200) throw new Error(`quote failed: ${q.status} ${JSON.stringify(q.body)}`);
      const run = await json(`${api}/analyses`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
      if (run.status !== 201) throw new Error(`analysis failed: ${run.status} ${JSON.stringify(run.body)}`);
      if (i < opts.seed) continue;
      const quote = q.body.data as { estimatedTokens: number; low: number; high: number; basis: { promptTokens: number; outputFrom: string; cells: number; price: { input: number; output: number } } };
      const price = quote.basis.price;
      samples.push({
        engine,
        intent: p.intent,
        language,
        cells: quote.basis.cells,
        quoted: quote.estimatedTokens,
        low: quote.low,
        high: quote.high,
        settled: Number(run.body.data.tokensCharged),
        oldHold: engine === 'local' ? quote.high : Math.ceil((quote.basis.promptTokens * price.input + config.analysis.maxOutputTokens * price.output) / 1000),
        outputFrom: quote.basis.outputFrom,
      });
      if ((i + 1) % 20 === 0) console.error(`  ${engine}: ${i + 1 - opts.seed}/${opts.n}`);
    }
    return samples;
  } finally {
    await app.close();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function summary(samples: Sample[]) {
  const errors = samples.map((s) => Math.abs(s.settled - s.quoted) / Math.max(1, s.settled));
  return {
    runs: samples.length,
    medianError: Number(median(errors).toFixed(4)),
    p90Error: Number([...errors].sort((a, b) => a - b)[Math.floor(0.9 * (errors.length - 1))].toFixed(4)),
    highCoverage: Number((samples.filter((s) => s.high >= s.settled).length / samples.length).toFixed(4)),
    lowCoverage: Number((samples.filter((s) => s.low <= s.settled).length / samples.length).toFixed(4)),
    /** The hold as a multiple of the settled charge: the quote's high, and before quotes. */
    holdRatio: Number(median(samples.map((s) => s.high / Math.max(1, s.settled))).toFixed(2)),
    oldHoldRatio: Number(median(samples.map((s) => s.oldHold / Math.max(1, s.settled))).toFixed(2)),
  };
}

export async function benchQuote(): Promise<void> {
  const arg = (name: string, fallback: number) => Number(new RegExp(`^--${name}=(\\d+)$`).exec(process.argv.find((a) => a.startsWith(`--${name}=`)) ?? '')?.[1]) || fallback;
  const n = arg('n', 80);
  const seed = arg('seed', 40);
  const fake = await startFakeOpenAI();
  const noise = rng(23);
  fake.reply = (req) => {
    const out = answerTokens(noise, req);
    const text = Array.from({ length: Math.min(out, 60) }, (_, i) => (i % 9 === 8 ? 'figure.' : 'word')).join(' ');
    return { text, usage: { prompt_tokens: countPromptTokens(req.messages as ChatMessage[]), completion_tokens: out } };
  };
  try {
    const local = await benchEngine('local', { n, seed, fake: null });
    const model = await benchEngine('model', { n, seed, fake });
    const engines = { 'local-analyst': summary(local), 'fake model (gpt-4o-mini prices)': summary(model) };
    const byLanguage = { en: summary(model.filter((s) => s.language === 'en')), ko: summary(model.filter((s) => s.language === 'ko')) };
    const results = path.join(ROOT_DIR, 'bench', 'results');
    fs.mkdirSync(results, { recursive: true });
    fs.writeFileSync(
      path.join(results, 'quote.json'),
      JSON.stringify({ at: new Date().toISOString(), n, seed, targets: { medianError: 0.1, highCoverage: 0.95 }, engines, modelByLanguage: byLanguage, samples: [...local, ...model] }, null, 2),
    );
    console.log(`quote bench: ${n} measured runs per engine after ${seed} seeded ones; quoted = estimatedTokens, settled = tokensCharged`);
    console.log(`${'engine'.padEnd(34)} ${'runs'.padStart(5)} ${'median err'.padStart(11)} ${'p90 err'.padStart(8)} ${'high≥settled'.padStart(13)} ${'hold/settled'.padStart(13)} ${'old hold/settled'.padStart(17)}`);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    for (const [name, s] of Object.entries({ ...engines, '  model, English prompts': byLanguage.en, '  model, Korean prompts': byLanguage.ko })) {
      console.log(`${name.padEnd(34)} ${String(s.runs).padStart(5)} ${pct(s.medianError).padStart(11)} ${pct(s.p90Error).padStart(8)} ${pct(s.highCoverage).padStart(13)} ${`${s.holdRatio}×`.padStart(13)} ${`${s.oldHoldRatio}×`.padStart(17)}`);
    }
    console.log('targets: median error ≤ 10%, high ≥ settled in ≥ 95% of runs');
  } finally {
    await fake.close();
  }
}
