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

/** Whether a document's root element, right after the XML declaration, is `root`. */
const rootIs = (xml: string, root: string) => {
  const at = xml.indexOf(`<${root}`);
  return at >= 0 && at < 200;
};

/** Whether a document is a ListBucketResult (or, with `versions`, a ListVersionsResult). */
export const isListing = (xml: string, versions = false) =>
  rootIs(xml, versions ? "ListVersionsResult" : "ListBucketResult");

/**
 * A listing document: its root's extent, its page fields (outside its entries: before them on AWS, some after them
 * on Ceph, such as KeyCount) and how its keys are written.
 */
function listingDocument(xml: string, root: string, entryTags: string[]) {
  if (!rootIs(xml, root)) throw new ListingXmlError(`the answer is not a ${root}`);
  const start = xml.indexOf(`<${root}`);
  const end = xml.lastIndexOf(`</${root}>`);
  if (end < 0) throw new ListingXmlError("the document ends early");
  const opens = entryTags.map((tag) => xml.indexOf(`<${tag}>`, start)).filter((at) => at >= 0);
  const closes = entryTags.map((tag) => xml.lastIndexOf(`</${tag}>`, end));
  const headEnd = opens.length ? Math.min(...opens) : end;
  const tailStart = Math.max(...closes);
  const pageField = (tag: string) =>
    field(xml, tag, start, headEnd) ?? (tailStart < 0 ? null : field(xml, tag, tailStart, end));
  const encoded = pageField("EncodingType") === "url";
  const keyOf = (raw: string) => (encoded ? urlKey(raw) : raw);
  return { start, end, pageField, keyOf };
}

/** The fields every listed entry has, object or version, read from its block [start, end). */
function entryFields(xml: string, start: number, end: number, keyOf: (raw: string) => string) {
  const key = field(xml, "Key", start, end);
  if (key === null) throw new ListingXmlError("an entry has no key");
  const owner = xml.indexOf("<Owner>", start);
  const hasOwner = owner >= 0 && owner < end;
  return {
    key: keyOf(key),
    ownerId: hasOwner ? field(xml, "ID", owner, end) : null,
    ownerDisplayName: hasOwner ? field(xml, "DisplayName", owner, end) || null : null,
    lastModified: isoDate(rawField(xml, "LastModified", start, end)),
  };
}

/** The page; a document that is not a ListBucketResult is refused. */
export function parseObjectsPage(xml: string): ListedXmlPage {
  const doc = listingDocument(xml, "ListBucketResult", ["Contents"]);
  const objects: ListedXmlObject[] = [];
  for (const [start, end] of blocks(xml, "Contents", doc.start, doc.end)) {
    const { key, ownerId, ownerDisplayName, lastModified } = entryFields(xml, start, end, doc.keyOf);
    objects.push({
      key,
      ownerId,
      ownerDisplayName,
      size: sizeOf(rawField(xml, "Size", start, end)),
      lastModified,
      storageClass: field(xml, "StorageClass", start, end) ?? "STANDARD",
      etag: field(xml, "ETag", start, end),
    });
  }
  const folders: string[] = [];
  for (const [start, end] of blocks(xml, "CommonPrefixes", doc.start, doc.end)) {
    const prefix = field(xml, "Prefix", start, end);
    if (prefix !== null) folders.push(doc.keyOf(prefix));
  }
  return {
    objects,
    folders,
    truncated: doc.pageField("IsTruncated") === "true",
    nextContinuationToken: doc.pageField("NextContinuationToken"),
  };
}

/** One version or delete marker of a ListObjectVersions page. */
export type ListedXmlVersion = Omit<ListedXmlObject, "storageClass"> & {
  versionId: string;
  isLatest: boolean | null;
  deleteMarker: boolean;
  /** Null for a delete marker, which has no data. */
  storageClass: string | null;
};

export type ListedXmlVersionsPage = {
  versions: ListedXmlVersion[];
  next: { keyMarker: string; versionIdMarker: string | null } | null;
};

/**
 * A ListObjectVersions page: versions first, then delete markers (a page is kept by its range, not its order). The
 * next page starts after the page's last entry in document order, which is what S3's NextKeyMarker and
 * NextVersionIdMarker name: Ceph's gateway writes NextKeyMarker unencoded under EncodingType=url (measured: "a b+c"
 * comes back as it is), so the marker is taken from the last entry, whose key is encoded like every key.
 */
export function parseVersionsPage(xml: string): ListedXmlVersionsPage {
  const doc = listingDocument(xml, "ListVersionsResult", ["Version", "DeleteMarker"]);
  const versions: ListedXmlVersion[] = [];
  let last: { at: number; entry: ListedXmlVersion } | null = null;
  for (const deleteMarker of [false, true]) {
    for (const [start, end] of blocks(xml, deleteMarker ? "DeleteMarker" : "Version", doc.start, doc.end)) {
      const latest = field(xml, "IsLatest", start, end);
      const entry: ListedXmlVersion = {
        ...entryFields(xml, start, end, doc.keyOf),
        versionId: field(xml, "VersionId", start, end) ?? "null",
        isLatest: latest === null ? null : latest === "true",
        deleteMarker,
        size: deleteMarker ? 0 : sizeOf(rawField(xml, "Size", start, end)),
        storageClass: deleteMarker ? null : (field(xml, "StorageClass", start, end) ?? "STANDARD"),
        etag: deleteMarker ? null : field(xml, "ETag", start, end),
      };
      versions.push(entry);
      if (!last || end > last.at) last = { at: end, entry };
    }
  }
  if (doc.pageField("IsTruncated") !== "true") return { versions, next: null };
  if (last) return { versions, next: { keyMarker: last.entry.key, versionIdMarker: last.entry.versionId } };
  // A truncated page with no entry at all: only S3's own marker says where to go on.
  const nextKey = doc.pageField("NextKeyMarker");
  if (!nextKey) throw new ListingXmlError("a truncated page says nowhere to go on from");
  return {
    versions,
    next: { keyMarker: doc.keyOf(nextKey), versionIdMarker: doc.pageField("NextVersionIdMarker") },
  };
}

/** What the SDK is handed in place of a page it need not read. */
export const EMPTY_OBJECTS_PAGE =
  '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></ListBucketResult>';
export const EMPTY_VERSIONS_PAGE =
  '<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></ListVersionsResult>';
