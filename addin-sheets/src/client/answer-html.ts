/** The sidebar's rendering of an answer's Markdown. */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/**
 * Answers are Markdown (lists, tables, bold). micromark escapes any raw HTML in them (it is only kept with
 * allowDangerousHtml), so the result is safe to set as innerHTML. Images are off: "![](https://x/?d=…)"
 * in an answer (a passage can ask a model to write one) would load as soon as it shows, sending what is in
 * its address, the selection's figures say, to whoever serves it; it stays a plain link. Single line breaks
 * are kept as breaks.
 */
export function answerHtml(markdown: string): string {
  const withBreaks = markdown.replace(/([^\n])\n(?=[^\n])/g, '$1  \n');
  return micromark(withBreaks, { extensions: [gfm(), { disable: { null: ['labelStartImage'] } }], htmlExtensions: [gfmHtml()] });
}
