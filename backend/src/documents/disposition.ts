/**
 * Content-Disposition for a stored file (RFC 6266 with an RFC 5987 `filename*`): every current browser
 * reads the UTF-8 `filename*`, so "보고서.txt" downloads under its own name; `filename` is a plain-ASCII
 * fallback for clients that do not. (Koa's `ctx.attachment` puts Latin-1 bytes in the fallback, which some
 * proxies and mail clients mangle, and turns Hangul into "???".)
 */

/** RFC 5987 attr-char: encodeURIComponent leaves ' ( ) * unescaped, which `ext-value` does not allow. */
function encodeExtValue(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * An ASCII name for old clients: accents dropped (é → e), other characters as "_", quotes and backslashes
 * too. A name left without a letter or digit ("보고서.txt") becomes "document" with its extension.
 */
export function asciiFallback(name: string): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  const ascii = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]+/g, '_')
      .replace(/["\\]/g, '_');
  const safeExt = /^\.[A-Za-z0-9]{1,10}$/.test(ext) ? ext : ascii(ext);
  const safeStem = ascii(stem).replace(/^[\s_]+|[\s_]+$/g, '');
  return `${/[A-Za-z0-9]/.test(safeStem) ? safeStem : 'document'}${safeExt}`;
}

/** `inline; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded UTF-8>`. */
export function contentDisposition(type: 'attachment' | 'inline', filename: string): string {
  return `${type}; filename="${asciiFallback(filename)}"; filename*=UTF-8''${encodeExtValue(filename)}`;
}
