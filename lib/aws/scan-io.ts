import "server-only";
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectAclCommand,
  HeadObjectCommand,
  type GetBucketOwnershipControlsCommandOutput,
  type Grant as SdkGrant,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { PostureFacts } from "@/lib/audit/posture";
import type { AclOutcome, Grant, HeadOutcome } from "@/lib/audit/types";
import { describeFailure, httpStatusOf, isRetryable, toAppError } from "@/lib/aws/errors";
import { listObjectsLean, listVersionsLean } from "@/lib/aws/list-lean";

/** One listed object or version, reshaped from the SDK's types. */
export type ListedEntry = {
  key: string;
  versionId: string;
  isLatest: boolean | null;
  deleteMarker: boolean;
  ownerId: string | null;
  ownerDisplayName: string | null;
  size: number;
  lastModified: string | null;
  storageClass: string | null;
  etag: string | null;
};

function toGrant(g: SdkGrant): Grant | null {
  const grantee = g.Grantee?.ID ?? g.Grantee?.URI ?? g.Grantee?.EmailAddress;
  if (!grantee || !g.Permission) return null;
  const type =
    g.Grantee?.Type === "Group"
      ? "Group"
      : g.Grantee?.Type === "AmazonCustomerByEmail"
        ? "AmazonCustomerByEmail"
        : "CanonicalUser";
  return { grantee, granteeType: type, permission: g.Permission as Grant["permission"] };
}

/** SDK grants reshaped into ours (grants with no grantee or permission are dropped). */
export const grantsOf = (grants: SdkGrant[] | undefined): Grant[] =>
  (grants ?? []).flatMap((g) => toGrant(g) ?? []);

/**
 * A page of ListObjectsV2 with FetchOwner, continuing after `startAfter` (a key, so checkpoints stay valid). Read
 * with the lean reader of lib/aws/listing-xml.ts: parsing is most of a listing's client CPU.
 */
export async function listObjectsAfter(
  client: S3Client,
  p: { bucket: string; prefix: string; startAfter: string | null; maxKeys: number; signal?: AbortSignal },
): Promise<{ entries: ListedEntry[]; truncated: boolean }> {
  const page = await listObjectsLean(
    client,
    {
      Bucket: p.bucket,
      Prefix: p.prefix || undefined,
      StartAfter: p.startAfter ?? undefined,
      MaxKeys: p.maxKeys,
      FetchOwner: true,
    },
    p.signal,
  );
  const entries: ListedEntry[] = [];
  for (const o of page.objects) {
    entries.push({
      key: o.key,
      versionId: "",
      isLatest: null,
      deleteMarker: false,
      ownerId: o.ownerId,
      ownerDisplayName: o.ownerDisplayName,
      size: o.size,
      lastModified: o.lastModified,
      storageClass: o.storageClass,
      etag: o.etag,
    });
  }
  return { entries, truncated: page.truncated && entries.length > 0 };
}

/** A page of ListObjectVersions: versions and delete markers, each with its owner (read as listObjectsAfter). */
export async function listVersionsAfter(
  client: S3Client,
  p: {
    bucket: string;
    prefix: string;
    keyMarker: string | null;
    versionIdMarker: string | null;
    maxKeys: number;
    signal?: AbortSignal;
  },
): Promise<{ entries: ListedEntry[]; next: { keyMarker: string; versionIdMarker: string | null } | null }> {
  const page = await listVersionsLean(
    client,
    {
      Bucket: p.bucket,
      Prefix: p.prefix || undefined,
      KeyMarker: p.keyMarker ?? undefined,
      VersionIdMarker: p.keyMarker ? (p.versionIdMarker ?? undefined) : undefined,
      MaxKeys: p.maxKeys,
    },
    p.signal,
  );
  return { entries: page.versions, next: page.next };
}

const versionParam = (versionId: string) => (versionId ? { VersionId: versionId } : {});

/**
 * GetObjectAcl reduced to an outcome. Denied and missing are answers; a retryable failure is thrown so that the
 * caller's retry loop (and its concurrency control) sees it; anything else becomes `failed` with a reason.
 */
export async function readObjectAcl(
  client: S3Client,
  p: { bucket: string; key: string; versionId: string; signal?: AbortSignal },
): Promise<AclOutcome> {
  try {
    const acl = await client.send(
      new GetObjectAclCommand({ Bucket: p.bucket, Key: p.key, ...versionParam(p.versionId) }),
      { abortSignal: p.signal },
    );
    return { kind: "ok", ownerId: acl.Owner?.ID ?? null, grants: grantsOf(acl.Grants) };
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 403) return { kind: "denied" };
    if (status === 404) return { kind: "missing" };
    if (isRetryable(error)) throw error;
    return { kind: "failed", reason: describeFailure(error) };
  }
}

/** HeadObject as a probe of whether the bucket owner can read: 403 with no body is the expected denial. */
export async function probeObject(
  client: S3Client,
  p: { bucket: string; key: string; versionId: string; signal?: AbortSignal },
): Promise<HeadOutcome> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: p.bucket, Key: p.key, ...versionParam(p.versionId) }), {
      abortSignal: p.signal,
    });
    return { kind: "ok" };
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 403) return { kind: "denied" };
    if (status === 404) return { kind: "missing" };
    if (isRetryable(error)) throw error;
    return { kind: "failed", reason: describeFailure(error) };
  }
}

export async function settle<T>(
  promise: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

const reasonOf = (error: unknown) => (httpStatusOf(error) === 403 ? "access denied" : describeFailure(error));

const objectOwnerships = ["BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter"] as const;

/** What GetBucketOwnershipControls answered, as a fact: a rule, none configured, no rules (RGW), or unreadable. */
export function ownershipOf(
  answer: Awaited<ReturnType<typeof settle<GetBucketOwnershipControlsCommandOutput>>>,
): PostureFacts["ownership"] {
  if (answer.ok) {
    const rule = answer.value.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
    if (!rule) return { kind: "empty" };
    if (!objectOwnerships.includes(rule as (typeof objectOwnerships)[number]))
      return {
        kind: "unreadable",
        reason: `the endpoint answered an Object Ownership Ownerscope does not know: ${rule}`,
      };
    return { kind: "rule", value: rule as (typeof objectOwnerships)[number] };
  }
  if ((answer.error as Error).name === "OwnershipControlsNotFoundError") return { kind: "none" };
  return { kind: "unreadable", reason: reasonOf(answer.error) };
}

/** Reads Object Ownership alone (the migration's steps read it before and after they write). */
export const readOwnership = async (client: S3Client, bucket: string) =>
  ownershipOf(await settle(client.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }))));

/**
 * Everything the scan reads about a bucket before it lists: owner and ACL (required: without them nothing can be
 * classified), then Object Ownership, policy, versioning and default encryption, each allowed to be unreadable.
 */
export async function readPostureFacts(client: S3Client, bucket: string): Promise<PostureFacts> {
  const acl = await settle(client.send(new GetBucketAclCommand({ Bucket: bucket })));
  // SlowDown and other passing failures go up as they are, so the caller's retry sees them (as an AppError they
  // would read as final: the posture of a throttled bucket failed its scan at the first 503).
  if (!acl.ok)
    throw isRetryable(acl.error) ? acl.error : toAppError(acl.error, `read the ACL of bucket ${bucket}`);
  const ownerId = acl.value.Owner?.ID;
  if (!ownerId)
    throw toAppError(new Error("GetBucketAcl returned no owner"), `read the owner of bucket ${bucket}`);

  const [ownership, policy, versioning, encryption] = await Promise.all([
    settle(client.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }))),
    settle(client.send(new GetBucketPolicyCommand({ Bucket: bucket }))),
    settle(client.send(new GetBucketVersioningCommand({ Bucket: bucket }))),
    settle(client.send(new GetBucketEncryptionCommand({ Bucket: bucket }))),
  ]);

  const ownershipFact = ownershipOf(ownership);

  const noPolicy =
    !policy.ok &&
    ((policy.error as Error).name === "NoSuchBucketPolicy" || httpStatusOf(policy.error) === 404);
  const rule = encryption.ok ? encryption.value.ServerSideEncryptionConfiguration?.Rules?.[0] : undefined;
  const noEncryption =
    !encryption.ok &&
    ((encryption.error as Error).name === "ServerSideEncryptionConfigurationNotFoundError" ||
      httpStatusOf(encryption.error) === 404);

  return {
    bucket,
    ownerId,
    aclGrants: grantsOf(acl.value.Grants),
    ownership: ownershipFact,
    policy: policy.ok
      ? { kind: "ok", document: policy.value.Policy ?? null }
      : noPolicy
        ? { kind: "ok", document: null }
        : { kind: "unreadable", reason: reasonOf(policy.error) },
    versioning: versioning.ok ? (versioning.value.Status ?? "Disabled") : "unknown",
    encryption: encryption.ok
      ? {
          kind: "ok",
          algorithm: rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? null,
          kmsKeyId: rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID ?? null,
        }
      : noEncryption
        ? { kind: "ok", algorithm: null, kmsKeyId: null }
        : { kind: "unreadable", reason: reasonOf(encryption.error) },
  };
}
