/**
 * The few pieces of XML that S3's listing pages are made of, read strictly: elements without attributes or
 * namespace prefixes, text with the five named entities and numeric character references, no CDATA or comments.
 * What is not that is refused (ListingXmlError), never guessed at: a key read wrong would be reported on and fixed
 * as another object. Every lookup is made within the text of one element, so a page costs time in proportion to
 * its length whatever fields its entries lack.
 */

export class ListingXmlError extends Error {
  constructor(detail: string) {
    super(`the listing page could not be read: ${detail}`);
    this.name = "ListingXmlError";
  }
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const NUMERIC = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/;

/** The text of an element as XML escapes it: the five named entities and numeric character references. */
export function xmlText(raw: string): string {
  const amp = raw.indexOf("&");
  if (amp < 0) return raw;
  // Every ETag is quoted: "&quot;…&quot;" with nothing else escaped is read without the general pass.
  if (
    amp === 0 &&
    raw.startsWith("&quot;") &&
    raw.indexOf("&", 6) === raw.length - 6 &&
    raw.endsWith("&quot;")
  )
    return `"${raw.slice(6, -6)}"`;
  return raw.replace(/&([^;&]{0,10});?/g, (whole, name: string) => {
    if (!whole.endsWith(";")) throw new ListingXmlError(`an unterminated reference ${JSON.stringify(whole)}`);
    if (name in NAMED) return NAMED[name]!;
    const numeric = NUMERIC.exec(name);
    const code = numeric ? Number.parseInt(numeric[1] ?? numeric[2]!, numeric[1] ? 16 : 10) : NaN;
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    if (!valid) throw new ListingXmlError(`unknown reference ${whole}`);
    return String.fromCodePoint(code);
  });
}

/** A key written with EncodingType=url: "+" is a space (AWS), the rest percent escapes of its UTF-8 bytes. */
export function urlKey(encoded: string): string {
  if (!encoded.includes("%") && !encoded.includes("+")) return encoded;
  try {
    return decodeURIComponent(encoded.replaceAll("+", " "));
  } catch {
    throw new ListingXmlError(`a key is not valid URL encoding (${JSON.stringify(encoded.slice(0, 80))})`);
  }
}

// A page asks for the same few tags tens of thousands of times: their markup is made once.
const tags = new Map<string, { open: string; close: string }>();
function tagOf(name: string) {
  let tag = tags.get(name);
  if (!tag) tags.set(name, (tag = { open: `<${name}>`, close: `</${name}>` }));
  return tag;
}

/** Where the first `<tag>…</tag>` of `text` has its content, or null when there is none. */
function find(text: string, tag: string): { start: number; end: number; after: number } | null {
  const { open, close } = tagOf(tag);
  const at = text.indexOf(open);
  if (at < 0) return null;
  const start = at + open.length;
  const end = text.indexOf(close, start);
  if (end < 0) throw new ListingXmlError(`<${tag}> is not closed`);
  return { start, end, after: end + close.length };
}

/** The content of the first `<tag>…</tag>` in `text` (markup included), or null when there is none. */
export function element(text: string, tag: string): string | null {
  const at = find(text, tag);
  return at && text.slice(at.start, at.end);
}

/**
 * The text of the one `<tag>` element in `text`, decoded, or null when there is none. Markup inside it, or a second
 * such element, is refused: either would mean the first one found is not necessarily the one meant.
 */
export function textOf(text: string, tag: string): string | null {
  const at = find(text, tag);
  if (!at) return null;
  const raw = text.slice(at.start, at.end);
  if (raw.includes("<")) throw new ListingXmlError(`<${tag}> holds markup`);
  if (text.indexOf(tagOf(tag).open, at.after) >= 0)
    throw new ListingXmlError(`<${tag}> appears twice in one element`);
  return xmlText(raw);
}

/** The content of each `<tag>…</tag>` of `text`, in order. */
export function* elements(text: string, tag: string): Generator<string> {
  const { open, close } = tagOf(tag);
  let at = 0;
  for (;;) {
    const start = text.indexOf(open, at);
    if (start < 0) return;
    const end = text.indexOf(close, start);
    if (end < 0) throw new ListingXmlError(`<${tag}> is not closed`);
    yield text.slice(start + open.length, end);
    at = end + close.length;
  }
}

/**
 * A document's root element and its content: after a byte order mark, white space and the XML declaration, the
 * first element. Null when the document has no root of that name (an error document, or something else).
 */
export function rootOf(xml: string, name: string): string | null {
  const declaration = /^\uFEFF?\s*(?:<\?xml[^>]*\?>)?\s*/.exec(xml.slice(0, 300))![0].length;
  const open = new RegExp(`^<${name}(?:\\s[^>]*)?>`).exec(xml.slice(declaration, declaration + 300));
  if (!open) return null;
  const end = xml.lastIndexOf(`</${name}>`);
  if (end < declaration + open[0].length) throw new ListingXmlError("the document ends early");
  const content = xml.slice(declaration + open[0].length, end);
  if (content.includes("<!")) throw new ListingXmlError("comments or CDATA are not read");
  return content;
}

/** Refuses entries written in a way `elements` would not see, rather than read the page as if they were not there. */
export function refuseUnseen(text: string, tag: string): void {
  if (text.includes(`<${tag} `) || text.includes(`:${tag}>`))
    throw new ListingXmlError(`<${tag}> with attributes or a namespace prefix`);
}
