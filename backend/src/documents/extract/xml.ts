/** XML text as the ZIP formats' readers (DOCX, HWPX, XLSX) take it from their parts. */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REPLACEMENT = '\uFFFD';

/** A character reference's text: U+FFFD for a code point no XML text may hold (NUL, a lone surrogate, past U+10FFFF). */
function codePoint(cp: number): string {
  return cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) || !(cp <= 0x10ffff) ? REPLACEMENT : String.fromCodePoint(cp);
}

/**
 * Entities and character references decoded. A NUL, raw or referenced, becomes U+FFFD: it is never text,
 * and the DOCX reader marks page breaks with it.
 */
export function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);|\0/gi, (whole, e: string | undefined) => {
    if (e === undefined) return REPLACEMENT;
    if (e[0] === '#') return codePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}

/** The value of attribute `name` in a tag's attribute text, raw. */
export const attr = (attrs: string, name: string): string | undefined => new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1];
