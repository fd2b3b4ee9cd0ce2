import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { LocalEmbedder, unicodeWords } from './local-embedder.js';

const model = new LocalEmbedder('local-hash-v1', 384);

function digest(texts: string[]): string {
  const h = createHash('sha256');
  for (const t of texts) {
    const v = model.embedOne(t);
    h.update(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  }
  return h.digest('hex');
}

/** Pins the Hangul features (syllable bigrams, since migration 018): a change needs a new model name. */
const HANGUL_DIGEST = '9584c0519c4261481a513c9207122cbfdf8ee4d0388144dd827cbbbc6187e838';

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

describe('local embedder (local-hash-v1)', () => {
  it('gives the same vectors as when chunks already stored under this model name were embedded', () => {
    // Vectors in every database share this model's space; any change to its output needs a new model name
    // (which re-embeds stored documents), never a silent drift. Digest taken from the shipped model.
    const texts = [
      'Quarterly revenue grew 12% in Q3 2024, driven by subscriptions in the EMEA region.',
      'The supplier invoices are due within 30 days; late payments accrue interest at 1.5% per month.',
      'Café crème brûlée: a naïve résumé of Ærø and Straße — ½ price, ① first.',
      'Ελληνικά, русский текст и 中文 characters next to ASCII words.',
      'classes glasses buses analyses is as us',
      '',
      'THE AND OF',
    ];
    assert.equal(digest(texts), '8001cd1cd44c1dbc5e1359792eecfc6475f62e96ac1cb3b736df777bb213e055');
  });

  it('embeds ASCII text by char-code scan to the very float32 vector its Unicode-path words give', () => {
    let seed = 11;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const vocabulary = ['the', 'AND', 'of', 'is', 'Invoices', 'classes', 'glass', 'bus', 'x', 'Q3', '2024', 'a'.repeat(150), 'Revenue'];
    const samples = [
      Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).join(''),
      'MiXeD CaSe words, digits 0123456789 and_underscores-hyphens.dots/slashes',
      'x1 2y 3RD 4th classes glasses IS as',
      '', ' — ', 'THE AND OF', 'ss sss ssss sssss', `${'z'.repeat(70)} ${'Y'.repeat(300)}s`,
    ];
    for (let i = 0; i < 1500; i++) {
      samples.push(Array.from({ length: 1 + Math.floor(random() * 120) }, () =>
        random() < 0.4 ? vocabulary[Math.floor(random() * vocabulary.length)] : String.fromCharCode(Math.floor(random() * 128)),
      ).join(random() < 0.5 ? ' ' : ''));
    }
    for (const s of samples) {
      const scanned = model.embedOne(s);
      assert.deepEqual(Buffer.from(scanned.buffer), Buffer.from(model.embedWords(unicodeWords(s)).buffer), JSON.stringify(s));
    }
    // "ebfsoba" has the stop word "them"'s FNV-1a hash; it is still a content word (its 3-grams count).
    const fnv = (w: string) => [...w].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 0x01000193), 0x811c9dc5) >>> 0;
    assert.equal(fnv('ebfsoba'), fnv('them'));
    assert.notDeepEqual(Array.from(model.embedOne('ebfsoba')), Array.from(model.embedOne('them')));
  });

  it('folds accents and case, and keeps non-Latin scripts as words', () => {
    assert.deepEqual(unicodeWords('Hello, WORLD 42x'), ['hello', 'world', '42x']);
    assert.deepEqual(unicodeWords('Café RÉSUMÉ naïve'), ['cafe', 'resume', 'naive']);
    assert.deepEqual(Array.from(model.embedOne('Café Résumé')), Array.from(model.embedOne('cafe resume')));
    assert.deepEqual(unicodeWords('Ελληνικά и 中文'), ['ελληνικα', 'и', '中文']);
  });

  it('returns unit vectors (zero for a text without words) with related texts closer than unrelated ones', () => {
    const a = model.embedOne('Invoices from suppliers are due within thirty days.');
    const b = model.embedOne('Supplier invoices are payable in thirty days.');
    const c = model.embedOne('The cat slept on a warm windowsill all afternoon.');
    for (const v of [a, b, c]) assert.ok(Math.abs(Math.sqrt(cosine(v, v)) - 1) < 1e-5);
    assert.ok(cosine(a, b) > 0.4 && cosine(a, c) < 0.15, `related ${cosine(a, b)} unrelated ${cosine(a, c)}`);
    assert.ok(model.embedOne(' — … ').every((x) => x === 0));
  });

  it('relates Korean nouns across the particles attached to them, by Hangul syllable bigrams', () => {
    const passage = model.embedOne('2024년 서울 지점의 매출은 4,812억 원이었으며 부산 지점 대비 높은 실적을 거두었다.');
    const others = ['2024년 부산 지점의 매출은 2,950억 원으로 집계되었다.', '대구 지점에서는 인건비가 1,200억 원이었고 채용이 늘었다.'].map((t) => model.embedOne(t));
    // "서울의 매출이" shares no word form with the passage ("서울", "매출은"): whole words and the 3-grams of
    // their decomposed letters relate them at 0.055; the bigrams 서울 and 매출 double that.
    const question = model.embedOne('서울의 매출이');
    assert.ok(cosine(question, passage) > 0.1, `related ${cosine(question, passage)}`);
    for (const other of others) assert.ok(cosine(question, passage) > cosine(question, other), `related ${cosine(question, passage)} other ${cosine(question, other)}`);
    // Pinned like the digest above: text with Hangul has these vectors from migration 018 on.
    const hangulDigest = createHash('sha256').update(Buffer.from(model.embedOne('서울 지점의 매출은 2024년 3분기 Atlas').buffer)).digest('hex');
    assert.equal(hangulDigest, HANGUL_DIGEST);
  });
});
