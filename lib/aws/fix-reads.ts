import "server-only";
import {
  GetObjectTaggingCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from "@aws-sdk/client-s3";
import { httpStatusOf, isRetryable, describeFailure } from "@/lib/aws/errors";
import { listObjectsLean } from "@/lib/aws/list-lean";
import { readObjectAcl } from "@/lib/aws/scan-io";
import type { Seen } from "@/lib/fix/checks";
import { type ObjectSnapshot, type ReadFailure } from "@/lib/fix/snapshot";

// What a fix reads of an object as the identity that will write it: its headers and tags (everything a copy
// restates), its owner in a listing, its owner and grants. The writes are lib/aws/fix-writes.ts.

export type ObjectRef = { bucket: string; key: string; versionId: string | null; signal?: AbortSignal };

export type { ReadFailure };

export type SnapshotOutcome = { kind: "ok"; snapshot: ObjectSnapshot } | ReadFailure;

/** The VersionId parameter, where a request names a version. */
export const version = (versionId: string | null) => (versionId ? { VersionId: versionId } : {});
/** The abort signal a request is sent with. */
export const sent = (signal?: AbortSignal) => ({ abortSignal: signal });

/** Reduces a non-retryable failure to an outcome; retryable ones are thrown for the caller's retry loop. */
export function outcomeOf(error: unknown, what: string): ReadFailure {
  const status = httpStatusOf(error);
  if (status === 412) return { kind: "changed" };
  if (status === 403) return { kind: "denied", what };
  if (status === 404) return { kind: "missing" };
  if (isRetryable(error)) throw error;
  return { kind: "failed", reason: `${what}: ${describeFailure(error)}` };
}

export type HeadOutcome =
  | {
      kind: "ok";
      snapshot: Omit<ObjectSnapshot, "tags">;
      tagCount: number | null;
      /** The version HeadObject answered for (null on an unversioned bucket). */
      versionId: string | null;
    }
  | ReadFailure;

/**
 * HeadObject, only if the ETag is still the planned one. Its tag count (x-amz-tagging-count) is null when the
 * endpoint did not send one, which means either no tags or a count this endpoint or identity does not report.
 */
export async function readHead(
  client: S3Client,
  ref: ObjectRef,
  ifMatch: string | null,
): Promise<HeadOutcome> {
  try {
    const head = await client.send(
      new HeadObjectCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        ...version(ref.versionId),
        IfMatch: ifMatch ?? undefined,
      }),
      sent(ref.signal),
    );
    return {
      kind: "ok",
      snapshot: headSnapshot(head),
      tagCount: head.TagCount ?? null,
      versionId: head.VersionId ?? null,
    };
  } catch (error) {
    return outcomeOf(error, "HeadObject");
  }
}

export type TagsOutcome = { kind: "ok"; tags: Record<string, string> } | ReadFailure;

export async function readTags(client: S3Client, ref: ObjectRef): Promise<TagsOutcome> {
  try {
    const t = await client.send(
      new GetObjectTaggingCommand({ Bucket: ref.bucket, Key: ref.key, ...version(ref.versionId) }),
      sent(ref.signal),
    );
    return {
      kind: "ok",
      tags: Object.fromEntries((t.TagSet ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""])),
    };
  } catch (error) {
    // Copying without knowing the tags would lose them: refuse rather than guess.
    return outcomeOf(error, "GetObjectTagging");
  }
}

/** HeadObject (only if the ETag is still the planned one) and GetObjectTagging: everything a copy must restate. */
export async function readSnapshot(
  client: S3Client,
  ref: ObjectRef,
  ifMatch: string | null,
): Promise<SnapshotOutcome> {
  const head = await readHead(client, ref, ifMatch);
  if (head.kind !== "ok") return head;
  const tags = await readTags(client, ref);
  if (tags.kind !== "ok") return tags;
  return { kind: "ok", snapshot: { ...head.snapshot, tags: tags.tags } };
}

export type ListedOwner =
  | { kind: "ok"; ownerId: string | null; etag: string | null; size: number; storageClass: string | null }
  | ReadFailure;

/**
 * The key's current owner from a one-key listing (FetchOwner): a bucket operation, so it answers where the writer may
 * not read the object's ACL (a bucket owner holding READ only).
 */
export async function listedOwner(client: S3Client, ref: ObjectRef): Promise<ListedOwner> {
  try {
    // Read as scans read listings (lib/aws/listing-xml.ts): the SDK's parser reads a key "\n" as "", which would
    // make such a key look missing.
    const page = await listObjectsLean(
      client,
      { Bucket: ref.bucket, Prefix: ref.key, MaxKeys: 1, FetchOwner: true },
      ref.signal,
    );
    // The key itself sorts before every longer key that starts with it.
    const entry = page.objects[0];
    if (!entry || entry.key !== ref.key) return { kind: "missing" };
    return {
      kind: "ok",
      ownerId: entry.ownerId,
      etag: entry.etag,
      size: entry.size,
      storageClass: entry.storageClass,
    };
  } catch (error) {
    return outcomeOf(error, "ListObjectsV2");
  }
}

export function headSnapshot(head: HeadObjectCommandOutput): Omit<ObjectSnapshot, "tags"> {
  const sse = head.ServerSideEncryption;
  return {
    etag: head.ETag ?? "",
    size: head.ContentLength ?? 0,
    lastModified: head.LastModified?.toISOString() ?? null,
    contentType: head.ContentType ?? null,
    cacheControl: head.CacheControl ?? null,
    contentDisposition: head.ContentDisposition ?? null,
    contentEncoding: head.ContentEncoding ?? null,
    contentLanguage: head.ContentLanguage ?? null,
    expires: head.Expires?.toISOString() ?? head.ExpiresString ?? null,
    websiteRedirectLocation: head.WebsiteRedirectLocation ?? null,
    metadata: head.Metadata ?? {},
    storageClass: head.StorageClass ?? "STANDARD",
    encryption: sse
      ? {
          algorithm: sse,
          kmsKeyId: head.SSEKMSKeyId ?? null,
          bucketKeyEnabled: head.BucketKeyEnabled ?? null,
        }
      : null,
    objectLock:
      head.ObjectLockMode || head.ObjectLockLegalHoldStatus
        ? {
            mode: head.ObjectLockMode ?? null,
            retainUntil: head.ObjectLockRetainUntilDate?.toISOString() ?? null,
            legalHold: head.ObjectLockLegalHoldStatus ?? null,
          }
        : null,
  };
}

/**
 * What the writer sees right before it writes. GetObjectAcl gives the owner and every grant; where it is denied (a
 * bucket owner holding READ only), a one-key listing still gives the owner of the key's current object.
 */
export async function observeAs(client: S3Client, ref: ObjectRef): Promise<Seen> {
  const acl = await readObjectAcl(client, { ...ref, versionId: ref.versionId ?? "" });
  if (acl.kind === "ok") return { kind: "ok", ownerId: acl.ownerId, grants: acl.grants };
  if (acl.kind === "missing") return { kind: "missing" };
  if (acl.kind === "failed") return { kind: "failed", reason: `GetObjectAcl: ${acl.reason}` };
  if (acl.kind !== "denied" || ref.versionId) return { kind: "denied", what: "GetObjectAcl" };
  const listed = await listedOwner(client, ref);
  return listed.kind === "ok"
    ? { kind: "ok", ownerId: listed.ownerId, grants: null, etag: listed.etag }
    : listed;
}
