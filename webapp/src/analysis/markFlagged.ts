/**
 * A rehype plugin that highlights each flagged sentence of an answer: `linkAnswer` puts a `#flag=<i>` link
 * right after an unsupported statement, and this wraps the text from the previous sentence end (or line
 * break, or flag) up to that link in a `<mark>`, so the statement itself is marked, not only followed by a
 * note. Works on the rendered tree, so Markdown inside the sentence (bold, citation links) stays intact.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';

type Node = RootContent | ElementContent;

const isFlag = (n: Node): n is Element => n.type === 'element' && n.tagName === 'a' && String(n.properties?.href ?? '').startsWith('#flag=');

function textOf(n: Node): string {
  if (n.type === 'text') return n.value;
  if (n.type !== 'element') return '';
  return n.tagName === 'br' ? '\n' : n.children.map(textOf).join('');
}

/** A sentence ends at . ! ? (after closing quotes or brackets) followed by white space, or at a line break. */
const SENTENCE_END = /(?:[.!?]["'”’)\]]*\s+|\n\s*)(?=\S)/g;

/** Splits `nodes` (what stands before a flag) into what precedes the flagged sentence and the sentence. */
function splitSentence(nodes: Node[]): [Node[], Node[]] {
  const text = nodes.map(textOf).join('');
  const end = text.trimEnd().length;
  let cut = 0;
  for (const m of text.matchAll(SENTENCE_END)) if (m.index + m[0].length < end) cut = m.index + m[0].length;
  let offset = 0;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const len = textOf(node).length;
    if (cut < offset + len || (cut === offset && len > 0)) {
      if (cut === offset) return [nodes.slice(0, i), nodes.slice(i)];
      // Inside a text node: split it. Inside an element (a bold phrase): the sentence starts after it.
      if (node.type !== 'text') return [nodes.slice(0, i + 1), nodes.slice(i + 1)];
      const at = cut - offset;
      return [
        [...nodes.slice(0, i), { type: 'text', value: node.value.slice(0, at) }],
        [{ type: 'text', value: node.value.slice(at) }, ...nodes.slice(i + 1)],
      ];
    }
    offset += len;
  }
  return [nodes, []];
}

function markIn(parent: Root | Element, className: string): void {
  const out: Node[] = [];
  let start = 0;
  for (const child of parent.children) {
    if (child.type === 'element') markIn(child, className);
    if (isFlag(child)) {
      const [before, sentence] = splitSentence(out.splice(start));
      out.push(...before);
      if (sentence.some((n) => textOf(n).trim())) {
        out.push({ type: 'element', tagName: 'mark', properties: { className: [className], dataTestid: 'flagged-sentence' }, children: sentence as ElementContent[] });
      }
      out.push(child);
      start = out.length;
    } else {
      out.push(child);
    }
  }
  parent.children = out as typeof parent.children;
}

/** The plugin, with the class name the `<mark>` gets (a makeStyles class). */
export function rehypeMarkFlagged(className: string) {
  return () => (tree: Root) => markIn(tree, className);
}
