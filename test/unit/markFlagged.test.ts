/** The web app's highlight of flagged sentences, on rendered (hast) trees as react-markdown builds them. */
import assert from 'node:assert/strict';
import type { Element, ElementContent, Root } from 'hast';
import { rehypeMarkFlagged } from '../../webapp/src/analysis/markFlagged.js';

const text = (value: string): ElementContent => ({ type: 'text', value });
const el = (tagName: string, children: ElementContent[], properties: Element['properties'] = {}): Element => ({ type: 'element', tagName, properties, children });
const flag = (i: number) => el('a', [text('Not found')], { href: `#flag=${i}` });

function run(children: ElementContent[]): Element {
  const p = el('p', children);
  const tree: Root = { type: 'root', children: [p] };
  rehypeMarkFlagged('hl')()(tree);
  return p;
}

/** The paragraph as text, with each <mark> shown as «…». */
function show(n: ElementContent): string {
  if (n.type === 'text') return n.value;
  if (n.type !== 'element') return '';
  const inner = n.children.map(show).join('');
  return n.tagName === 'mark' ? `«${inner}»` : n.tagName === 'br' ? '\n' : inner;
}

describe('web app: flagged sentences are highlighted', () => {
  it('marks only the sentence before each flag, citations and emphasis included', () => {
    const p = run([
      text('Revenue was 9100 ['),
      el('a', [text('B6')], { href: '#cell=B6' }),
      text(']. The deal was worth '),
      el('strong', [text('2 million')]),
      text(' euros [P1]. '),
      flag(0),
      text(' Costs were flat. Margin rose to 40%. '),
      flag(1),
    ]);
    assert.equal(p.children.map(show).join(''), 'Revenue was 9100 [B6]. «The deal was worth 2 million euros [P1]. »Not found Costs were flat. «Margin rose to 40%. »Not found');
    const marks = p.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'mark');
    assert.deepEqual(marks.map((m) => m.properties.className), [['hl'], ['hl']]);
  });

  it('starts a sentence at a line break, and leaves text without flags alone', () => {
    const p = run([text('First line'), el('br', []), text('\nSecond line has a made-up 7.'), flag(0)]);
    assert.equal(p.children.map(show).join(''), 'First line\n\n«Second line has a made-up 7.»Not found');
    const plain = run([text('Nothing flagged here. At all.')]);
    assert.equal(plain.children.map(show).join(''), 'Nothing flagged here. At all.');
  });
});
