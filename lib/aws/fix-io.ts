import "server-only";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketOwnershipControlsCommand,
  PutObjectAclCommand,
  PutObjectTaggingCommand,
  UploadPartCopyCommand,
  type HeadObjectCommandOutput,
  type S3Client,
  type ServerSideEncryption,
  type StorageClass,
} from "@aws-sdk/client-s3";
import type { Grant } from "@/lib/audit/types";
import { httpStatusOf, isRetryable, describeFailure } from "@/lib/aws/errors";
import { readObjectAcl } from "@/lib/aws/scan-io";
import type { Seen } from "@/lib/fix/checks";
import { grantHeaders } from "@/lib/fix/grants";
import { restatement, type ObjectSnapshot, type ReadFailure } from "@/lib/fix/snapshot";

export type ObjectRef = { bucket: string; key: string; versionId: string | null; signal?: AbortSignal };

/** Why an object could not be read before a copy. */

export type { ReadFailure };

export type SnapshotOutcome = { kind: "ok"; snapshot: ObjectSnapshot } | ReadFailure;

const version = (versionId: string | null) => (versionId ? { VersionId: versionId } : {});
const sent = (signal?: AbortSignal) => ({ abortSignal: signal });

/** Reduces a non-retryable failure to an outcome; retryable ones are thrown for the caller's retry loop. */
function outcomeOf(error: unknown, what: string): ReadFailure {
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

function headersOf(s: ObjectSnapshot) {
  const r = restatement(s);
  return {
    ContentType: r.contentType ?? undefined,
    CacheControl: r.cacheControl ?? undefined,
    ContentDisposition: r.contentDisposition ?? undefined,
    ContentEncoding: r.contentEncoding ?? undefined,
    ContentLanguage: r.contentLanguage ?? undefined,
    Expires: r.expires ? new Date(r.expires) : undefined,
    WebsiteRedirectLocation: r.websiteRedirectLocation ?? undefined,
    Metadata: r.metadata,
    StorageClass: r.storageClass as StorageClass,
    ...(r.encryption
      ? {
          ServerSideEncryption: r.encryption.algorithm as ServerSideEncryption,
          ...(r.encryption.kmsKeyId ? { SSEKMSKeyId: r.encryption.kmsKeyId } : {}),
          ...(r.encryption.bucketKeyEnabled !== null
            ? { BucketKeyEnabled: r.encryption.bucketKeyEnabled }
            : {}),
        }
      : {}),
  };
}

/** Copy sources name the key URL-encoded; the version, when there is one, as a query parameter. */
const copySource = (ref: ObjectRef) =>
  `${ref.bucket}/${encodeURIComponent(ref.key)}${ref.versionId ? `?versionId=${encodeURIComponent(ref.versionId)}` : ""}`;

export type CopyOutcome =
  | { kind: "copied"; etag: string; versionId: string | null }
  | { kind: "changed" }
  | { kind: "denied" }
  | { kind: "failed"; reason: string };

/**
 * The ACL a write leaves: FULL_CONTROL to `fullControl` (the owner, the bucket owner) and every `kept` grant. With
 * nothing to keep, the canned ACL says the same in one header (or, with no one named, the default: the writer alone).
 */
export type AclToWrite = { fullControl: string[]; kept: Grant[]; canned: "bucket-owner-full-control" | null };

const aclHeaders = (acl: AclToWrite) =>
  acl.kept.length === 0 ? (acl.canned ? { ACL: acl.canned } : {}) : grantHeaders(acl.fullControl, acl.kept);

/**
 * Copies the key's object onto itself with every header and grant restated, guarded by the snapshot's ETag so that a
 * newer object is never overwritten by a stale restatement. The source is the key's current object (a versioned
 * copy source could put an older version back on top) unless `ref` names a version. Above `copyLimitBytes` the
 * copy goes through UploadPartCopy.
 */
export async function copyInPlace(
  client: S3Client,
  ref: ObjectRef,
  snapshot: ObjectSnapshot,
  options: { acl: AclToWrite; copyLimitBytes: number; partBytes: number },
): Promise<CopyOutcome> {
  const acl = aclHeaders(options.acl);
  const target = { Bucket: ref.bucket, Key: ref.key };
  const toOutcome = (error: unknown): CopyOutcome => {
    const status = httpStatusOf(error);
    if (status === 412) return { kind: "changed" };
    if (status === 403) return { kind: "denied" };
    if (isRetryable(error)) throw error;
    return { kind: "failed", reason: `copy: ${describeFailure(error)}` };
  };
  if (snapshot.size <= options.copyLimitBytes) {
    try {
      const out = await client.send(
        new CopyObjectCommand({
          ...target,
          ...acl,
          CopySource: copySource(ref),
          CopySourceIfMatch: snapshot.etag,
          MetadataDirective: "REPLACE",
          ...headersOf(snapshot),
        }),
        sent(ref.signal),
      );
      return { kind: "copied", etag: out.CopyObjectResult?.ETag ?? "", versionId: out.VersionId ?? null };
    } catch (error) {
      return toOutcome(error);
    }
  }

  let uploadId: string | undefined;
  try {
    const created = await client.send(
      new CreateMultipartUploadCommand({ ...target, ...acl, ...headersOf(snapshot) }),
      sent(ref.signal),
    );
    uploadId = created.UploadId;
    const parts: { PartNumber: number; ETag: string }[] = [];
    for (let start = 0, n = 1; start < snapshot.size; start += options.partBytes, n++) {
      const end = Math.min(snapshot.size, start + options.partBytes) - 1;
      const part = await client.send(
        new UploadPartCopyCommand({
          ...target,
          UploadId: uploadId,
          PartNumber: n,
          CopySource: copySource(ref),
          CopySourceRange: `bytes=${start}-${end}`,
          CopySourceIfMatch: snapshot.etag,
        }),
        sent(ref.signal),
      );
      parts.push({ PartNumber: n, ETag: part.CopyPartResult?.ETag ?? "" });
    }
    const done = await client.send(
      new CompleteMultipartUploadCommand({
        ...target,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
      sent(ref.signal),
    );
    return { kind: "copied", etag: done.ETag ?? "", versionId: done.VersionId ?? null };
  } catch (error) {
    if (uploadId) {
      await client
        .send(new AbortMultipartUploadCommand({ ...target, UploadId: uploadId }))
        .catch(() => undefined);
    }
    return toOutcome(error);
  }
}

/** Puts the snapshot's tags back (on the version the copy made, where it named one): RGW drops them on every copy. */
export async function putTags(client: S3Client, ref: ObjectRef, tags: Record<string, string>): Promise<void> {
  await client.send(
    new PutObjectTaggingCommand({
      Bucket: ref.bucket,
      Key: ref.key,
      ...version(ref.versionId),
      Tagging: { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
    }),
    sent(ref.signal),
  );
}

export type AclPutOutcome =
  { kind: "done" } | { kind: "denied" } | { kind: "missing" } | { kind: "failed"; reason: string };

/**
 * The owner's PutObjectAcl (the `grant` strategy): bucket-owner-full-control, with every kept grant restated (a
 * canned ACL alone would replace them all).
 */
export async function grantBucketOwnerFullControl(
  client: S3Client,
  ref: ObjectRef,
  acl: AclToWrite & { ownerId: string },
): Promise<AclPutOutcome> {
  const grant = (grantee: string, permission: Grant["permission"]): Grant => ({
    grantee,
    granteeType: "CanonicalUser",
    permission,
  });
  const policy = [...acl.fullControl.map((id) => grant(id, "FULL_CONTROL")), ...acl.kept].map((g) => ({
    Permission: g.permission,
    Grantee:
      g.granteeType === "Group"
        ? { Type: "Group" as const, URI: g.grantee }
        : g.granteeType === "AmazonCustomerByEmail"
          ? { Type: "AmazonCustomerByEmail" as const, EmailAddress: g.grantee }
          : { Type: "CanonicalUser" as const, ID: g.grantee },
  }));
  try {
    await client.send(
      new PutObjectAclCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        ...version(ref.versionId),
        ...(acl.kept.length === 0
          ? { ACL: "bucket-owner-full-control" as const }
          : { AccessControlPolicy: { Owner: { ID: acl.ownerId }, Grants: policy } }),
      }),
      sent(ref.signal),
    );
    return { kind: "done" };
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 403) return { kind: "denied" };
    if (status === 404) return { kind: "missing" };
    if (isRetryable(error)) throw error;
    return { kind: "failed", reason: `PutObjectAcl: ${describeFailure(error)}` };
  }
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
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: ref.bucket, Prefix: ref.key, MaxKeys: 1, FetchOwner: true }),
      sent(ref.signal),
    );
    // The key itself sorts before every longer key that starts with it.
    const entry = page.Contents?.[0];
    if (!entry || entry.Key !== ref.key) return { kind: "missing" };
    return {
      kind: "ok",
      ownerId: entry.Owner?.ID ?? null,
      etag: entry.ETag ?? null,
      size: entry.Size ?? 0,
      storageClass: entry.StorageClass ?? null,
    };
  } catch (error) {
    return outcomeOf(error, "ListObjectsV2");
  }
}

export type EnforceOutcome =
  | { kind: "enforced" }
  | { kind: "unsupported"; reason: string }
  | { kind: "blocked"; reason: string }
  | { kind: "denied" };

/** BucketOwnerEnforced: every object becomes the bucket owner's in one call. Never deletes ownership controls. */
export async function enforceBucketOwner(client: S3Client, bucket: string): Promise<EnforceOutcome> {
  try {
    await client.send(
      new PutBucketOwnershipControlsCommand({
        Bucket: bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      }),
    );
    return { kind: "enforced" };
  } catch (error) {
    const name = (error as Error).name;
    if (name === "InvalidBucketAclWithObjectOwnership") {
      return {
        kind: "blocked",
        reason:
          "the bucket ACL grants access outside the account: move those grants to the bucket policy first",
      };
    }
    if (httpStatusOf(error) === 403) return { kind: "denied" };
    if (httpStatusOf(error) === 400 || httpStatusOf(error) === 501 || name === "NotImplemented") {
      return {
        kind: "unsupported",
        reason: "the endpoint does not support Object Ownership (BucketOwnerEnforced)",
      };
    }
    throw error;
  }
}

/** What HeadObject says of an object, reshaped: everything a copy in place restates except the tags. */
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
  return listed.kind === "ok" ? { kind: "ok", ownerId: listed.ownerId, grants: null } : listed;
}
