import type { Grant } from "@/lib/audit/types";

/** Everything a copy in place must restate, read from HeadObject and GetObjectTagging before the copy. */
export type ObjectSnapshot = {
  etag: string;
  size: number;
  lastModified: string | null;
  contentType: string | null;
  cacheControl: string | null;
  contentDisposition: string | null;
  contentEncoding: string | null;
  contentLanguage: string | null;
  expires: string | null;
  websiteRedirectLocation: string | null;
  metadata: Record<string, string>;
  storageClass: string;
  encryption: { algorithm: string; kmsKeyId: string | null; bucketKeyEnabled: boolean | null } | null;
  objectLock: { mode: string | null; retainUntil: string | null; legalHold: string | null } | null;
  tags: Record<string, string>;
  /** The grants beyond the owner and the bucket owner that the copy restates (read from the ACL just before it). */
  keptGrants?: Grant[];
  /**
   * What the step before wrote, handed to a copy that follows it: that copy has not been sent. Without this mark a
   * saved snapshot means the copy may have been sent before the job stopped.
   */
  carried?: boolean;
};

/** Why an object could not be read as a step needed it. */
export type ReadFailure =
  | { kind: "changed" }
  | { kind: "denied"; what: string }
  | { kind: "missing" }
  | { kind: "failed"; reason: string };

export const archivedClasses = new Set(["GLACIER", "DEEP_ARCHIVE"]);

/** The headers of a copy onto itself that keep everything (MetadataDirective REPLACE re-sends every one of them). */
export function restatement(s: ObjectSnapshot) {
  return {
    metadataDirective: "REPLACE" as const,
    contentType: s.contentType,
    cacheControl: s.cacheControl,
    contentDisposition: s.contentDisposition,
    contentEncoding: s.contentEncoding,
    contentLanguage: s.contentLanguage,
    expires: s.expires,
    websiteRedirectLocation: s.websiteRedirectLocation,
    metadata: s.metadata,
    // Without it the copy lands in STANDARD.
    storageClass: s.storageClass,
    // Without it the copy takes the bucket's default encryption.
    encryption: s.encryption,
  };
}

/** The account ID in a KMS key ARN, if the key is named by ARN. */
export function kmsKeyAccount(kmsKeyId: string | null): string | null {
  return /^arn:aws[a-z-]*:kms:[^:]*:(\d{12}):/.exec(kmsKeyId ?? "")?.[1] ?? null;
}

/** What differs between two snapshots in what a fix must keep (the ETag may change; the bytes may not). */
export function lostInCopy(before: ObjectSnapshot, after: ObjectSnapshot): string[] {
  const lost: string[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  if (before.size !== after.size) lost.push("size");
  for (const field of [
    "contentType",
    "cacheControl",
    "contentDisposition",
    "contentEncoding",
    "contentLanguage",
    "expires",
    "websiteRedirectLocation",
    "storageClass",
  ] as const) {
    if (!same(before[field], after[field])) lost.push(field);
  }
  if (!same(sortKeys(before.metadata), sortKeys(after.metadata))) lost.push("metadata");
  if (!same(sortKeys(before.tags), sortKeys(after.tags))) lost.push("tags");
  if (!same(before.encryption?.algorithm, after.encryption?.algorithm)) lost.push("encryption");
  if (!same(before.encryption?.kmsKeyId, after.encryption?.kmsKeyId)) lost.push("kmsKeyId");
  return lost;
}

const sortKeys = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
