import "server-only";
import fs from "node:fs";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { CreateJobCommand, DescribeJobCommand, type CreateJobCommandInput } from "@aws-sdk/client-s3-control";
import { s3ControlFor, s3For, type AwsTarget } from "@/lib/aws/clients";
import { httpStatusOf, toAppError } from "@/lib/aws/errors";
import { boundedLines } from "@/lib/aws/lines";
import { AppError } from "@/lib/errors";
import {
  clientRequestToken,
  createJobRequest,
  type HandoffInput,
  type HandoffJob,
} from "@/lib/fix/batch-handoff";
import { completionManifestSchema } from "@/lib/fix/batch-report";
import type { Readable } from "node:stream";

const notImplemented = (error: unknown) =>
  (error as Error).name === "NotImplemented" || [405, 501].includes(httpStatusOf(error) ?? 0);

// A manifest is uploaded a part at a time: memory holds one part, whatever the manifest's size. (A streamed body
// would go out aws-chunked, which some S3-compatible endpoints refuse.)
const UPLOAD_PART_BYTES = 16 * 1024 * 1024;

/** Uploads a file in one PutObject, or in parts when it is larger than one part; answers the object's ETag. */
export async function uploadFile(
  s3: S3Client,
  bucket: string,
  key: string,
  file: string,
  partBytes = UPLOAD_PART_BYTES,
): Promise<string> {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, "r");
  const read = (start: number) => {
    const part = Buffer.alloc(Math.min(partBytes, size - start));
    fs.readSync(fd, part, 0, part.length, start);
    return part;
  };
  try {
    const target = { Bucket: bucket, Key: key };
    if (size <= partBytes)
      return (
        (await s3.send(new PutObjectCommand({ ...target, Body: read(0), ContentType: "text/csv" }))).ETag ??
        ""
      );
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ ...target, ContentType: "text/csv" }),
    );
    try {
      const parts: { PartNumber: number; ETag: string }[] = [];
      for (let start = 0, n = 1; start < size; start += partBytes, n++) {
        const out = await s3.send(
          new UploadPartCommand({ ...target, UploadId, PartNumber: n, Body: read(start) }),
        );
        parts.push({ PartNumber: n, ETag: out.ETag ?? "" });
      }
      const done = await s3.send(
        new CompleteMultipartUploadCommand({ ...target, UploadId, MultipartUpload: { Parts: parts } }),
      );
      // Some endpoints (Ceph RGW 16) answer the completion without the ETag: read it back.
      return done.ETag || ((await s3.send(new HeadObjectCommand(target))).ETag ?? "");
    } catch (error) {
      await s3.send(new AbortMultipartUploadCommand({ ...target, UploadId })).catch(() => undefined);
      throw error;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Hands the jobs to S3 Batch Operations as the owning account (its fixer): uploads each manifest from its file (a
 * part at a time, so a manifest of millions of keys never sits in memory), then creates the job with its ETag.
 * Returns the job IDs in order.
 */
export async function submitBatchJobs(
  fixer: AwsTarget,
  input: HandoffInput,
  jobs: { job: HandoffJob; manifestFile: string }[],
): Promise<{ name: string; jobId: string }[]> {
  const created: { name: string; jobId: string }[] = [];
  for (const { job, manifestFile } of jobs) {
    let etag: string;
    try {
      etag = (await uploadFile(s3For(fixer), input.workBucket, job.manifestKey, manifestFile)).replace(
        /"/g,
        "",
      );
    } catch (error) {
      throw toAppError(error, `upload the manifest to s3://${input.workBucket}/${job.manifestKey}`);
    }
    const request = createJobRequest(input, job, etag, clientRequestToken(job, etag));
    try {
      const out = await s3ControlFor(fixer).send(new CreateJobCommand(request as CreateJobCommandInput));
      created.push({ name: job.name, jobId: out.JobId ?? "" });
    } catch (error) {
      if (notImplemented(error))
        throw new AppError(
          "upstream_error",
          `Could not create the Batch Operations job ${job.name}: this endpoint does not implement S3 Batch Operations.`,
        );
      throw toAppError(error, `create the Batch Operations job ${job.name}`);
    }
  }
  return created;
}

/** A Batch Operations job's status and progress, as the owning account sees it. */
export async function describeBatchJob(fixer: AwsTarget, accountId: string, jobId: string) {
  try {
    const { Job } = await s3ControlFor(fixer).send(
      new DescribeJobCommand({ AccountId: accountId, JobId: jobId }),
    );
    return {
      jobId,
      status: Job?.Status ?? "unknown",
      total: Job?.ProgressSummary?.TotalNumberOfTasks ?? null,
      succeeded: Job?.ProgressSummary?.NumberOfTasksSucceeded ?? null,
      failed: Job?.ProgressSummary?.NumberOfTasksFailed ?? null,
      reason: Job?.FailureReasons?.map((f) => f.FailureReason).join("; ") || null,
    };
  } catch (error) {
    throw toAppError(error, `describe the Batch Operations job ${jobId}`);
  }
}

// A completion report's manifest names a few result files; a result line is a key (1,024 bytes, URL-encoded up to
// three times as long) and a short message. Anything far larger is not a report Batch Operations wrote.
const MAX_MANIFEST_BYTES = 1024 * 1024;
const MAX_RESULT_LINE_BYTES = 16 * 1024;

/**
 * The result lines of a finished job's completion report (under the job's report prefix), as the owner reads it:
 * streamed a line at a time, each line bounded, only files under the job's own report folder.
 */
export async function* completionReportLines(
  fixer: AwsTarget,
  workBucket: string,
  reportPrefix: string,
  jobId: string,
): AsyncGenerator<string> {
  const s3 = s3For(fixer);
  const open = async (key: string) => {
    try {
      return (await s3.send(new GetObjectCommand({ Bucket: workBucket, Key: key }))).Body as Readable;
    } catch (error) {
      throw toAppError(error, `read s3://${workBucket}/${key}`);
    }
  };
  const folder = `${reportPrefix}/job-${jobId}/`;
  const manifestKey = `${folder}manifest.json`;
  let text = "";
  for await (const line of boundedLines(await open(manifestKey), MAX_MANIFEST_BYTES, manifestKey)) {
    text += line;
    if (text.length > MAX_MANIFEST_BYTES)
      throw new AppError(
        "bad_request",
        `s3://${workBucket}/${manifestKey} is too large for a completion manifest.`,
      );
  }
  const manifest = completionManifestSchema.parse(JSON.parse(text));
  for (const result of manifest.Results) {
    if (!result.Key.startsWith(folder) || result.Key.includes(".."))
      throw new AppError("bad_request", `The completion manifest names a file outside ${folder}.`);
    yield* boundedLines(await open(result.Key), MAX_RESULT_LINE_BYTES, result.Key);
  }
}
