/**
 * A reader for the one XML document a scan reads thousands of: a listing page. The SDK's general XML parser builds a
 * tree of every element and then walks it against the API's schema (about 13 to 19 ms of client CPU for a page of
 * 1,000 keys, measured by bench:scan); this reader looks up only the fields a scan stores, within each entry, at a
 * quarter of that or less. It reads strictly (lib/aws/xml-text.ts) and refuses what it cannot read rather than guess.
 *
 * Keys are asked for with EncodingType=url, because XML 1.0 cannot carry some characters a key may hold (U+0001 to
 * U+0008, for one), and the SDK's parser reads a key of white space alone ("\n") as empty. AWS writes a space as "+"
 * and a plus as "%2B"; Ceph's gateway writes a space as "%20"; both are read by turning "+" into a space and then
 * decoding the percent escapes. A server that ignores the request answers without an EncodingType element, and its
 * keys are then read as they are.
 */
import { element, elements, ListingXmlError, refuseUnseen, rootOf, textOf, urlKey } from "@/lib/aws/xml-text";

export { ListingXmlError };

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

// S3 writes every date in this one form; another ISO 8601 form is put through Date; anything else is not a date.
const ISO_MILLIS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)$/;

function isoDate(raw: string | null): string | null {
  if (raw === null) return null;
  if (ISO_MILLIS.test(raw)) return raw;
  const date = ISO.test(raw) ? new Date(raw) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

function sizeOf(raw: string | null): number {
  const size = raw === null ? 0 : Number(raw);
  if (raw === "" || !Number.isSafeInteger(size) || size < 0)
    throw new ListingXmlError(`a size is not a count of bytes (${raw})`);
  return size;
}

function flag(raw: string | null): boolean | null {
  if (raw === null) return null;
  if (raw === "true" || raw === "false") return raw === "true";
  throw new ListingXmlError(`a flag is neither true nor false (${raw.slice(0, 20)})`);
}

/** Whether a document is a ListBucketResult (or, with `versions`, a ListVersionsResult). */
export function isListing(xml: string, versions = false): boolean {
  try {
    return rootOf(xml, versions ? "ListVersionsResult" : "ListBucketResult") !== null;
  } catch {
    // A listing root that cannot be read is still a listing, refused when it is read.
    return true;
  }
}

/**
 * A listing document: its entries' texts, its page fields (outside the entries: before them on AWS, some after them
 * on Ceph, such as KeyCount) and how its keys are written.
 */
function listingDocument(xml: string, root: string, entryTags: string[]) {
  const content = rootOf(xml, root);
  if (content === null) throw new ListingXmlError(`the answer is not a ${root}`);
  for (const tag of entryTags) refuseUnseen(content, tag);
  const opens = entryTags.map((tag) => content.indexOf(`<${tag}>`)).filter((at) => at >= 0);
  const closes = entryTags.map((tag) => {
    const at = content.lastIndexOf(`</${tag}>`);
    return at < 0 ? -1 : at + tag.length + 3;
  });
  const head = content.slice(0, opens.length ? Math.min(...opens) : content.length);
  const tail = content.slice(Math.max(0, ...closes));
  const pageField = (tag: string) => textOf(head, tag) ?? textOf(tail, tag);
  const encoded = pageField("EncodingType") === "url";
  const keyOf = (raw: string) => (encoded ? urlKey(raw) : raw);
  return { content, pageField, keyOf, truncated: flag(pageField("IsTruncated")) ?? false };
}

/** The fields every listed entry has, object or version, read from its text. */
function entryFields(entry: string, keyOf: (raw: string) => string) {
  const key = textOf(entry, "Key");
  if (key === null) throw new ListingXmlError("an entry has no key");
  const owner = element(entry, "Owner");
  return {
    key: keyOf(key),
    ownerId: owner === null ? null : textOf(owner, "ID"),
    ownerDisplayName: owner === null ? null : textOf(owner, "DisplayName") || null,
    lastModified: isoDate(textOf(entry, "LastModified")),
  };
}

/** The page; a document that is not a ListBucketResult is refused. */
export function parseObjectsPage(xml: string): ListedXmlPage {
  const doc = listingDocument(xml, "ListBucketResult", ["Contents", "CommonPrefixes"]);
  const objects: ListedXmlObject[] = [];
  for (const entry of elements(doc.content, "Contents")) {
    const { key, ownerId, ownerDisplayName, lastModified } = entryFields(entry, doc.keyOf);
    // One object literal, no spread: a spread per entry cost twice the rest of the page's reading.
    objects.push({
      key,
      ownerId,
      ownerDisplayName,
      lastModified,
      size: sizeOf(textOf(entry, "Size")),
      storageClass: textOf(entry, "StorageClass") ?? "STANDARD",
      etag: textOf(entry, "ETag"),
    });
  }
  const folders: string[] = [];
  for (const prefixes of elements(doc.content, "CommonPrefixes")) {
    const prefix = textOf(prefixes, "Prefix");
    if (prefix !== null) folders.push(doc.keyOf(prefix));
  }
  // AWS counts keys and folders in KeyCount; a count that matches neither means entries this reader did not see.
  const keyCount = doc.pageField("KeyCount");
  if (
    keyCount !== null &&
    Number(keyCount) !== objects.length &&
    Number(keyCount) !== objects.length + folders.length
  )
    throw new ListingXmlError(`the page says it holds ${keyCount} keys; ${objects.length} were read`);
  return {
    objects,
    folders,
    truncated: doc.truncated,
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
  for (const deleteMarker of [false, true]) {
    for (const text of elements(doc.content, deleteMarker ? "DeleteMarker" : "Version")) {
      const { key, ownerId, ownerDisplayName, lastModified } = entryFields(text, doc.keyOf);
      versions.push({
        key,
        ownerId,
        ownerDisplayName,
        lastModified,
        versionId: textOf(text, "VersionId") ?? "null",
        isLatest: flag(textOf(text, "IsLatest")),
        deleteMarker,
        size: deleteMarker ? 0 : sizeOf(textOf(text, "Size")),
        storageClass: deleteMarker ? null : (textOf(text, "StorageClass") ?? "STANDARD"),
        etag: deleteMarker ? null : textOf(text, "ETag"),
      });
    }
  }
  // The entry last in the document is the last of its kind, of the kind whose last one ends later.
  const markerLast = doc.content.lastIndexOf("</DeleteMarker>") > doc.content.lastIndexOf("</Version>");
  const last = versions.findLast((v) => v.deleteMarker === markerLast);
  if (!doc.truncated) return { versions, next: null };
  if (last) return { versions, next: { keyMarker: last.key, versionIdMarker: last.versionId } };
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
