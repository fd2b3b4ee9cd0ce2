import assert from 'node:assert/strict';
import { chunkUnits, tokens, unicodeTokens } from './chunk.js';

describe('chunking: token scan', () => {
  it('finds the same tokens in ASCII text on its fast path as the Unicode regex does', () => {
    let seed = 11;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const samples = [
      Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).join(''),
      'Revenue grew 12.5% in Q3; see p. 7 (table 2) — no, that dash is not ASCII.'.replace('—', '-'),
      'tabs\tand\vvertical\ftabs\r\nCRLF   runs of  spaces',
      '',
      '   ',
    ];
    for (let i = 0; i < 3000; i++) samples.push(Array.from({ length: Math.floor(random() * 80) }, () => String.fromCharCode(Math.floor(random() * 128))).join(''));
    for (const text of samples) assert.deepEqual(tokens(text), unicodeTokens(text), JSON.stringify(text));
  });

  it('takes the Unicode path for any other text: accented words stay whole', () => {
    const text = 'Café crème, naïve 12€ and 中文.';
    assert.deepEqual(tokens(text), unicodeTokens(text));
    const { starts, ends } = tokens(text);
    assert.deepEqual(starts.map((s, i) => text.slice(s, ends[i])), ['Café', 'crème', ',', 'naïve', '12', '€', 'and', '中文', '.']);
  });

  it('chunks ASCII and non-ASCII pages of the same words alike (token counts and windows)', () => {
    const sentence = 'The supplier shipped forty crates to the warehouse on time. ';
    const ascii = sentence.repeat(60);
    const accented = sentence.replace('supplier', 'suppliér').repeat(60);
    const a = chunkUnits([{ page: 1, location: 'page 1', text: ascii }], { maxTokens: 100, overlap: 20 });
    const b = chunkUnits([{ page: 1, location: 'page 1', text: accented }], { maxTokens: 100, overlap: 20 });
    assert.ok(a.length > 5);
    assert.deepEqual(a.map((c) => [c.tokenCount, c.charStart]), b.map((c) => [c.tokenCount, c.charStart]));
  });

  it('never ends a window between a letter and the marks combining with it', () => {
    // Hindi vowel signs and viramas, Thai vowels and tone marks, a Hangul tone mark, a keycap: each a mark
    // (\p{M}) that NFKC leaves apart from its letter. As tokens of their own, windows ended before them.
    const text = 'हिन्दी में वार्षिक रिपोर्ट। ภาษาไทย รายได้ เพิ่มขึ้น 훈민정음 가〮 나〯 1\uFE0F\u20E3 '.repeat(30);
    const graphemes = new Set([...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)].map((s) => s.index));
    graphemes.add(text.length);
    const { starts, ends } = tokens(text);
    assert.deepEqual(starts.slice(0, 4).map((s, i) => text.slice(s, ends[i])), ['हिन्दी', 'में', 'वार्षिक', 'रिपोर्ट']);
    for (const maxTokens of [7, 10, 13]) {
      for (const c of chunkUnits([{ page: 1, location: 'page 1', text }], { maxTokens, overlap: 3 })) {
        assert.ok(graphemes.has(c.charStart) && graphemes.has(c.charEnd), `${maxTokens}: ${JSON.stringify(c.text)}`);
      }
    }
  });

  it('ends a window after . ! ? or ; in its last quarter, not after other one-character tokens', () => {
    for (const end of ['.', '!', '?', ';']) {
      const text = Array.from({ length: 40 }, (_, i) => `word${i} x${i} y${i} , z${i} ${end}`).join(' ');
      const chunks = chunkUnits([{ page: 1, location: 'page 1', text }], { maxTokens: 50, overlap: 5 });
      assert.ok(chunks.length > 3);
      for (const c of chunks.slice(0, -1)) assert.ok(c.text.endsWith(end) && c.tokenCount < 50, `${end}: ${c.text.slice(-20)}`);
    }
  });
});
