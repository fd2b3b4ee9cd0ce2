/**
 * The first `max` code points of `text`: a cut never splits a surrogate pair (an emoji, a rare hanja
 * outside the BMP), which would leave half a character that UTF-8 and PostgreSQL cannot store.
 */
export function cutCodePoints(text: string, max: number): string {
  let end = 0;
  for (let n = 0; n < max && end < text.length; n++) end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
  return text.slice(0, end);
}
