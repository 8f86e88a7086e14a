/**
 * What the owning account needs to fix its objects with S3 Batch Operations: CSV manifests, the job definitions, the
 * IAM role the jobs run as, and the exact aws CLI commands. Pure: the same bundle feeds the CLI, the browser and
 * Ownerscope's own CreateJob call.
 */

import { COPY_LIMIT_BYTES } from "@/lib/fix/plan";
import { shellQuote } from "@/lib/format";

export type HandoffObject = {
  key: string;
  versionId: string | null;
  size: number;
  storageClass: string | null;
};

export type HandoffInput = {
  bucket: string;
  /** The owning account's 12-digit ID: Batch Operations jobs belong to an account. */
  accountId: string;
  strategy: "grant" | "reput";
  /** Where the manifests and the completion reports go (a bucket the owning account can write and read). */
  workBucket: string;
  workPrefix: string;
  roleName: string;
  versions: boolean;
};

/**
 * The storage classes a re-put job may restate: S3's own names, never a string from a scan or an inventory row, so a
 * job's name, file names and the commands are built from this list alone. Archived classes cannot be copied.
 */
export const copyableClasses = [
  "STANDARD",
  "STANDARD_IA",
  "ONEZONE_IA",
  "INTELLIGENT_TIERING",
  "GLACIER_IR",
  "REDUCED_REDUNDANCY",
  "EXPRESS_ONEZONE",
] as const;

/** The characters a work prefix may hold: it goes into ARNs, S3 URIs, IAM policies and commands. */
export const safePrefix = /^((?!\.+\/)[A-Za-z0-9_.-]+\/)*$/;

/** Form-style URL encoding, as Batch Operations CSV manifests require for keys (a space is "+"). */
export const encodeManifestKey = (key: string) => encodeURIComponent(key).replace(/%20/g, "+");

/**
 * Whether a job's manifest names versions. A grant may target any version; a re-put copies the key's current object
 * and never names one (a versioned copy source would put the scanned version back over anything newer).
 */
export const manifestHasVersions = (input: Pick<HandoffInput, "strategy" | "versions">) =>
  input.strategy === "grant" && input.versions;

/** One manifest line: bucket, URL-encoded key, and the version when the job targets versions. */
export const manifestLine = (bucket: string, o: HandoffObject, versions: boolean) =>
  [bucket, encodeManifestKey(o.key), ...(versions ? [o.versionId ?? ""] : [])].join(",");

export type HandoffJob = {
  /** A grant job covers every object; a re-put job covers one storage class (the copy restates it). */
  name: string;
  storageClass: string | null;
  objects: number;
  bytes: number;
  manifestKey: string;
  operation: Record<string, unknown>;
};

/** The storage class of `o` from the fixed list, or null when a copy cannot restate it (archived or unknown). */
const copyableClass = (o: HandoffObject) =>
  copyableClasses.find((c) => c === (o.storageClass ?? "STANDARD")) ?? null;

/**
 * The job an object belongs to, or null when Batch Operations cannot take it: a re-put over 5 GB, or of a storage
 * class that a copy cannot restate (archived, or not one of S3's names).
 */
export function jobOf(input: HandoffInput, o: HandoffObject): string | null {
  if (input.strategy === "grant") return "grant";
  const storageClass = copyableClass(o);
  if (o.size > COPY_LIMIT_BYTES || storageClass === null) return null;
  return `reput-${storageClass.toLowerCase()}`;
}

/**
 * Splits the objects into jobs. A grant (PutObjectAcl bofc) is one job. A re-put copies each object onto itself
 * with MetadataDirective COPY (so per-object metadata is kept) and its own storage class restated, so it is one job
 * per storage class; S3 accepts a copy in place that restates the class. Copy stops at 5 GB: larger objects are
 * left for Ownerscope's own multipart path, and listed.
 */
const LEFT_KEYS_SHOWN = 100;

export function planJobs(input: HandoffInput, objects: Iterable<HandoffObject>) {
  const byJob = new Map<string, { storageClass: string | null; objects: number; bytes: number }>();
  // Left for Ownerscope's own jobs: over 5 GB (multipart), or of a class a Batch copy cannot restate. Counted, and
  // the first keys kept to show (an archive bucket may hold millions).
  const overLimit = { count: 0, keys: [] as string[] };
  const uncopyable = { count: 0, keys: [] as string[] };
  let total = 0;
  for (const o of objects) {
    const name = jobOf(input, o);
    if (name === null) {
      const left = o.size > COPY_LIMIT_BYTES ? overLimit : uncopyable;
      if (left.count++ < LEFT_KEYS_SHOWN) left.keys.push(o.key);
      continue;
    }
    const storageClass = input.strategy === "grant" ? null : copyableClass(o);
    const g = byJob.get(name) ?? { storageClass, objects: 0, bytes: 0 };
    g.objects++;
    g.bytes += o.size;
    byJob.set(name, g);
    total++;
  }
  const jobs: HandoffJob[] = [...byJob.entries()].map(([name, g]) => {
    return {
      name,
      storageClass: g.storageClass,
      objects: g.objects,
      bytes: g.bytes,
      manifestKey: `${input.workPrefix}${name}-manifest.csv`,
      operation:
        input.strategy === "grant"
          ? {
              S3PutObjectAcl: {
                AccessControlPolicy: { CannedAccessControlList: "bucket-owner-full-control" },
              },
            }
          : {
              S3PutObjectCopy: {
                TargetResource: `arn:aws:s3:::${input.bucket}`,
                CannedAccessControlList: "bucket-owner-full-control",
                MetadataDirective: "COPY",
                StorageClass: g.storageClass,
              },
            },
    };
  });
  return { jobs, overLimit, uncopyable, total };
}

/** The CreateJob request for one job (the manifest's ETag is known once it is uploaded). */
export function createJobRequest(input: HandoffInput, job: HandoffJob, manifestEtag: string, token: string) {
  return {
    AccountId: input.accountId,
    ConfirmationRequired: false,
    Operation: job.operation,
    Manifest: {
      Spec: {
        Format: "S3BatchOperations_CSV_20180820",
        Fields: manifestHasVersions(input) ? ["Bucket", "Key", "VersionId"] : ["Bucket", "Key"],
      },
      Location: { ObjectArn: `arn:aws:s3:::${input.workBucket}/${job.manifestKey}`, ETag: manifestEtag },
    },
    Report: {
      Bucket: `arn:aws:s3:::${input.workBucket}`,
      Prefix: `${input.workPrefix}reports`,
      Format: "Report_CSV_20180820",
      Enabled: true,
      ReportScope: "AllTasks",
    },
    Priority: 10,
    RoleArn: `arn:aws:iam::${input.accountId}:role/${input.roleName}`,
    ClientRequestToken: token,
    Description: `Ownerscope ${job.name} of ${job.objects} objects in ${input.bucket}`,
  };
}

/** The role the jobs run as: trusted by Batch Operations, allowed exactly what the operation and reports need. */
export function batchRole(input: HandoffInput) {
  const trustPolicy = {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "batchoperations.s3.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": input.accountId } },
      },
    ],
  };
  const objects = `arn:aws:s3:::${input.bucket}/*`;
  const permissionPolicy = {
    Version: "2012-10-17",
    Statement: [
      input.strategy === "grant"
        ? { Effect: "Allow", Action: ["s3:PutObjectAcl", "s3:PutObjectVersionAcl"], Resource: objects }
        : {
            Effect: "Allow",
            Action: [
              "s3:GetObject",
              "s3:GetObjectVersion",
              "s3:GetObjectAcl",
              "s3:GetObjectTagging",
              "s3:PutObject",
              "s3:PutObjectAcl",
              "s3:PutObjectTagging",
            ],
            Resource: objects,
          },
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: `arn:aws:s3:::${input.workBucket}/${input.workPrefix}*`,
      },
      {
        Effect: "Allow",
        Action: ["s3:PutObject"],
        Resource: `arn:aws:s3:::${input.workBucket}/${input.workPrefix}reports*`,
      },
    ],
  };
  return { trustPolicy, permissionPolicy };
}

/** CreateJob's idempotency token (64 characters at most): the job and its manifest's ETag. */
export const clientRequestToken = (job: Pick<HandoffJob, "name">, manifestEtag: string) =>
  `ownerscope-${job.name}-${manifestEtag}`.slice(0, 64);

/** The file a job's manifest is written to: named by the job (from the fixed list of classes), never by data. */
export const manifestFile = (job: Pick<HandoffJob, "name">) => `${job.name}-manifest.csv`;

/**
 * The commands the owning account runs: create the role, upload each manifest, create each job. Every value is
 * shell-quoted, whatever checked it before; the manifest's ETag, read back from S3, must be hex before it is used.
 */
export function handoffScript(input: HandoffInput, jobs: HandoffJob[]): string {
  const { trustPolicy, permissionPolicy } = batchRole(input);
  const q = shellQuote;
  const lines = [
    "#!/usr/bin/env bash",
    `# Run as account ${input.accountId.replace(/\D/g, "")} (the objects' owner), from the folder holding the manifests.`,
    "set -euo pipefail",
    `aws iam create-role --role-name ${q(input.roleName)} --assume-role-policy-document ${q(JSON.stringify(trustPolicy))}`,
    `aws iam put-role-policy --role-name ${q(input.roleName)} --policy-name ownerscope-batch --policy-document ${q(JSON.stringify(permissionPolicy))}`,
  ];
  for (const job of jobs) {
    // A placeholder no work prefix can hold (it allows no "%"), replaced by the manifest's ETag.
    const request = createJobRequest(input, job, "%ETAG%", "TOKEN");
    lines.push(
      "",
      `# ${job.name}: ${job.objects} objects`,
      `aws s3 cp ${q(manifestFile(job))} ${q(`s3://${input.workBucket}/${job.manifestKey}`)}`,
      `etag=$(aws s3api head-object --bucket ${q(input.workBucket)} --key ${q(job.manifestKey)} --query ETag --output text | tr -d '"')`,
      `[[ "$etag" =~ ^[0-9a-f-]+$ ]] || { echo "unexpected ETag: $etag" >&2; exit 1; }`,
      `aws s3control create-job --account-id ${q(input.accountId)} --no-confirmation-required --priority 10 \\`,
      `  --role-arn ${q(request.RoleArn)} \\`,
      `  --operation ${q(JSON.stringify(request.Operation))} \\`,
      `  --manifest "$(printf '%s' ${q(JSON.stringify(request.Manifest))} | sed "s/%ETAG%/$etag/")" \\`,
      `  --report ${q(JSON.stringify(request.Report))} \\`,
      `  --client-request-token "$(printf '%s' ${q(clientRequestToken(job, ""))}"$etag" | cut -c1-64)" --description ${q(request.Description)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
