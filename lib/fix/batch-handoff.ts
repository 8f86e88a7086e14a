/**
 * What the owning account needs to fix its objects with S3 Batch Operations: CSV manifests, the job definitions, the
 * IAM role the jobs run as, and the exact aws CLI commands. Pure: the same bundle feeds the CLI, the browser and
 * Ownerscope's own CreateJob call.
 */

import { COPY_LIMIT_BYTES } from "@/lib/fix/plan";

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

/** Form-style URL encoding, as Batch Operations CSV manifests require for keys (a space is "+"). */
export const encodeManifestKey = (key: string) => encodeURIComponent(key).replace(/%20/g, "+");

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

/** The job an object belongs to, or null when Batch Operations cannot take it (a re-put over 5 GB). */
export function jobOf(input: HandoffInput, o: HandoffObject): string | null {
  if (input.strategy === "grant") return "grant";
  if (o.size > COPY_LIMIT_BYTES) return null;
  return `reput-${(o.storageClass ?? "STANDARD").toLowerCase()}`;
}

/**
 * Splits the objects into jobs. A grant (PutObjectAcl bofc) is one job. A re-put copies each object onto itself
 * with MetadataDirective COPY (so per-object metadata is kept) and its own storage class restated, so it is one job
 * per storage class; S3 accepts a copy in place that restates the class. Copy stops at 5 GB: larger objects are
 * left for Ownerscope's own multipart path, and listed.
 */
export function planJobs(input: HandoffInput, objects: Iterable<HandoffObject>) {
  const byJob = new Map<string, { storageClass: string | null; objects: number; bytes: number }>();
  const overLimit: HandoffObject[] = [];
  let total = 0;
  for (const o of objects) {
    const name = jobOf(input, o);
    if (name === null) {
      overLimit.push(o);
      continue;
    }
    const storageClass = input.strategy === "grant" ? null : (o.storageClass ?? "STANDARD");
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
  return { jobs, overLimit, total };
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
        Fields: input.versions ? ["Bucket", "Key", "VersionId"] : ["Bucket", "Key"],
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

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The commands the owning account runs: create the role, upload each manifest, create each job. */
export function handoffScript(input: HandoffInput, jobs: HandoffJob[]): string {
  const { trustPolicy, permissionPolicy } = batchRole(input);
  const lines = [
    "#!/usr/bin/env bash",
    `# Run as account ${input.accountId} (the objects' owner), from the folder holding the manifests.`,
    "set -euo pipefail",
    `aws iam create-role --role-name ${input.roleName} --assume-role-policy-document ${shellQuote(JSON.stringify(trustPolicy))}`,
    `aws iam put-role-policy --role-name ${input.roleName} --policy-name ownerscope-batch --policy-document ${shellQuote(JSON.stringify(permissionPolicy))}`,
  ];
  for (const job of jobs) {
    const file = job.manifestKey.slice(job.manifestKey.lastIndexOf("/") + 1);
    const request = createJobRequest(input, job, "ETAG", "TOKEN");
    lines.push(
      "",
      `# ${job.name}: ${job.objects} objects`,
      `aws s3 cp ${file} s3://${input.workBucket}/${job.manifestKey}`,
      `etag=$(aws s3api head-object --bucket ${input.workBucket} --key ${shellQuote(job.manifestKey)} --query ETag --output text | tr -d '"')`,
      `aws s3control create-job --account-id ${input.accountId} --no-confirmation-required --priority 10 \\`,
      `  --role-arn ${request.RoleArn} \\`,
      `  --operation ${shellQuote(JSON.stringify(request.Operation))} \\`,
      `  --manifest "$(printf '%s' ${shellQuote(JSON.stringify(request.Manifest))} | sed "s/ETAG/$etag/")" \\`,
      `  --report ${shellQuote(JSON.stringify(request.Report))} \\`,
      `  --client-request-token "ownerscope-${job.name}-$etag" --description ${shellQuote(request.Description)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
