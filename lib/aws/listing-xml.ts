/**
 * A reader for the one XML document a scan reads thousands of: a ListObjectsV2 page. The SDK's general XML parser
 * builds a tree of every element and then walks it against the API's schema, about 17 ms of client CPU for a page of
 * 1,000 keys; this reader finds the six fields a scan stores with `indexOf` and costs a fiftieth of that. It reads
 * only what S3 writes (no CDATA, comments or namespaces inside a page), and refuses what it cannot read rather than
 * guess a key: a key read wrong would be reported on and fixed as another object.
 *
 * Keys are asked for with EncodingType=url, because XML 1.0 cannot carry some characters a key may hold (U+0001 to
 * U+0008, for one). AWS writes a space as "+" and a plus as "%2B"; Ceph's gateway writes a space as "%20"; both are
 * read by turning "+" into a space and then decoding the percent escapes. A server that ignores the request answers
 * without an EncodingType element, and its keys are then read as they are.
 */

/** One entry of a page as S3 wrote it: a ListObjectsV2 `Contents`. */
export type ListedXmlObject = {
  key: string;
  ownerId: string | null;
  ownerDisplayName: string | null;
  size: number;
  lastModified: string | null;
  storageClass: string;
  etag: string | null;
};

export type ListedXmlPage = {
  objects: ListedXmlObject[];
  /** CommonPrefixes, when the page was asked for with a delimiter. */
  folders: string[];
  truncated: boolean;
  nextContinuationToken: string | null;
};

export class ListingXmlError extends Error {
  constructor(detail: string) {
    super(`the listing page could not be read: ${detail}`);
    this.name = "ListingXmlError";
  }
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** The text of an element as XML escapes it: the five named entities and numeric character references. */
export function xmlText(raw: string): string {
  const amp = raw.indexOf("&");
  if (amp < 0) return raw;
  // Every ETag is quoted: "&quot;…&quot;" with nothing else escaped is read without the general pass.
  if (
    amp === 0 &&
    raw.endsWith("&quot;") &&
    raw.indexOf("&", 6) === raw.length - 6 &&
    raw.startsWith("&quot;")
  )
    return `"${raw.slice(6, -6)}"`;
  return raw.replace(/&([^;&]{1,10});/g, (whole, name: string) => {
    if (name in NAMED) return NAMED[name]!;
    const code = name.startsWith("#x")
      ? Number.parseInt(name.slice(2), 16)
      : name.startsWith("#")
        ? Number.parseInt(name.slice(1), 10)
        : NaN;
    const valid = Number.isInteger(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
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

const tags = new Map<string, { open: string; close: string }>();
const tagOf = (name: string) => {
  let tag = tags.get(name);
  if (!tag) tags.set(name, (tag = { open: `<${name}>`, close: `</${name}>` }));
  return tag;
};

/** The raw text of the first `<tag>…</tag>` that starts in [from, to), or null when there is none. */
function rawField(xml: string, tag: string, from: number, to: number): string | null {
  const { open: openTag, close } = tagOf(tag);
  const open = xml.indexOf(openTag, from);
  if (open < 0 || open >= to) return null;
  const start = open + openTag.length;
  const end = xml.indexOf(close, start);
  if (end < 0 || end > to) throw new ListingXmlError(`<${tag}> is not closed`);
  return xml.slice(start, end);
}

const field = (xml: string, tag: string, from: number, to: number): string | null => {
  const raw = rawField(xml, tag, from, to);
  return raw === null ? null : xmlText(raw);
};

/** Each `<tag>…</tag>` block of the document, in order, as [start, end) offsets of its content. */
function* blocks(xml: string, tag: string, from: number, to: number): Generator<[number, number]> {
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  let at = from;
  for (;;) {
    const start = xml.indexOf(open, at);
    if (start < 0 || start >= to) return;
    const end = xml.indexOf(close, start);
    if (end < 0 || end > to) throw new ListingXmlError(`<${tag}> is not closed`);
    yield [start + open.length, end];
    at = end + close.length;
  }
}

// S3 writes every date in this one form; anything else is put through Date to be sure of it.
const ISO_MILLIS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function isoDate(raw: string | null): string | null {
  if (raw === null) return null;
  if (ISO_MILLIS.test(raw)) return raw;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function sizeOf(raw: string | null): number {
  const size = raw === null ? 0 : Number(raw);
  if (!Number.isSafeInteger(size) || size < 0)
    throw new ListingXmlError(`a size is not a count of bytes (${raw})`);
  return size;
}

/** Whether a document is a ListBucketResult: its root element comes right after the XML declaration. */
export function isListing(xml: string): boolean {
  const root = xml.indexOf("<ListBucketResult");
  return root >= 0 && root < 200;
}

/** The page; a document that is not a ListBucketResult is refused. */
export function parseObjectsPage(xml: string): ListedXmlPage {
  if (!isListing(xml)) throw new ListingXmlError("the answer is not a ListBucketResult");
  const root = xml.indexOf("<ListBucketResult");
  const rootEnd = xml.lastIndexOf("</ListBucketResult>");
  if (rootEnd < 0) throw new ListingXmlError("the document ends early");
  // The page's own fields sit outside its entries: before them on AWS, some after them on Ceph (KeyCount).
  const firstEntry = xml.indexOf("<Contents>", root);
  const lastEntry = xml.lastIndexOf("</Contents>", rootEnd);
  const pageField = (tag: string) =>
    field(xml, tag, root, firstEntry < 0 ? rootEnd : firstEntry) ??
    (lastEntry < 0 ? null : field(xml, tag, lastEntry, rootEnd));
  const encoded = pageField("EncodingType") === "url";
  const keyOf = (raw: string) => (encoded ? urlKey(raw) : raw);
  const objects: ListedXmlObject[] = [];
  for (const [start, end] of blocks(xml, "Contents", root, rootEnd)) {
    const key = field(xml, "Key", start, end);
    if (key === null) throw new ListingXmlError("an entry has no key");
    const owner = xml.indexOf("<Owner>", start);
    const hasOwner = owner >= 0 && owner < end;
    objects.push({
      key: keyOf(key),
      ownerId: hasOwner ? field(xml, "ID", owner, end) : null,
      ownerDisplayName: hasOwner ? field(xml, "DisplayName", owner, end) || null : null,
      size: sizeOf(rawField(xml, "Size", start, end)),
      lastModified: isoDate(rawField(xml, "LastModified", start, end)),
      storageClass: field(xml, "StorageClass", start, end) ?? "STANDARD",
      etag: field(xml, "ETag", start, end),
    });
  }
  const folders: string[] = [];
  for (const [start, end] of blocks(xml, "CommonPrefixes", root, rootEnd)) {
    const prefix = field(xml, "Prefix", start, end);
    if (prefix !== null) folders.push(keyOf(prefix));
  }
  const token = pageField("NextContinuationToken");
  return { objects, folders, truncated: pageField("IsTruncated") === "true", nextContinuationToken: token };
}

/** What the SDK is handed in place of a page it need not read. */
export const EMPTY_OBJECTS_PAGE =
  '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></ListBucketResult>';
