import "server-only";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  PutBucketOwnershipControlsCommand,
  PutObjectAclCommand,
  PutObjectTaggingCommand,
  UploadPartCopyCommand,
  type S3Client,
  type ServerSideEncryption,
  type StorageClass,
} from "@aws-sdk/client-s3";
import type { Grant } from "@/lib/audit/types";
import { httpStatusOf, isRetryable, describeFailure } from "@/lib/aws/errors";
import { sent, version, type ObjectRef } from "@/lib/aws/fix-reads";
import { grantHeaders } from "@/lib/fix/grants";
import { restatement, type ObjectSnapshot } from "@/lib/fix/snapshot";

// What a fix writes: a copy in place that restates everything (single or multipart), tags put back, an ACL, and
// the bucket's Object Ownership. Each returns an outcome; retryable failures are thrown for the caller's retry loop.

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
