// Keys are sequences of Unicode code points; S3 orders them by their UTF-8 bytes, which is code point order. A
// JavaScript string is UTF-16, whose order and length differ for characters outside the BMP (emoji): compare and cut
// with these, never with `<` or `.slice` on a key.

/** Code point (UTF-8 byte) order, as S3 lists keys. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–DFFF) stand for code points above U+FFFF: they sort after everything in the BMP.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** At most `max` UTF-16 units of a text (a limit some receivers count in), never ending inside a character. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
