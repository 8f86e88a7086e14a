import "server-only";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateJobCommand, DescribeJobCommand, type CreateJobCommandInput } from "@aws-sdk/client-s3-control";
import { s3ControlFor, s3For, type AwsTarget } from "@/lib/aws/clients";
import { httpStatusOf, toAppError } from "@/lib/aws/errors";
import { AppError } from "@/lib/errors";
import { createJobRequest, type HandoffInput, type HandoffJob } from "@/lib/fix/batch-handoff";
import { completionManifestSchema } from "@/lib/fix/batch-report";

const notImplemented = (error: unknown) =>
  (error as Error).name === "NotImplemented" || [405, 501].includes(httpStatusOf(error) ?? 0);

/**
 * Hands the jobs to S3 Batch Operations as the owning account (its fixer): uploads each manifest, then creates the
 * job with the manifest's ETag. Returns the job IDs in order.
 */
export async function submitBatchJobs(
  fixer: AwsTarget,
  input: HandoffInput,
  jobs: { job: HandoffJob; manifest: string }[],
): Promise<{ name: string; jobId: string }[]> {
  const created: { name: string; jobId: string }[] = [];
  for (const { job, manifest } of jobs) {
    let etag: string;
    try {
      const put = await s3For(fixer).send(
        new PutObjectCommand({
          Bucket: input.workBucket,
          Key: job.manifestKey,
          Body: manifest,
          ContentType: "text/csv",
        }),
      );
      etag = (put.ETag ?? "").replace(/"/g, "");
    } catch (error) {
      throw toAppError(error, `upload the manifest to s3://${input.workBucket}/${job.manifestKey}`);
    }
    const request = createJobRequest(input, job, etag, `ownerscope-${job.name}-${etag}`.slice(0, 64));
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

/** The result lines of a finished job's completion report (under the job's report prefix), as the owner reads it. */
export async function* completionReportLines(
  fixer: AwsTarget,
  workBucket: string,
  reportPrefix: string,
  jobId: string,
): AsyncGenerator<string> {
  const s3 = s3For(fixer);
  const read = async (key: string) => {
    try {
      return await (
        await s3.send(new GetObjectCommand({ Bucket: workBucket, Key: key }))
      ).Body!.transformToString();
    } catch (error) {
      throw toAppError(error, `read s3://${workBucket}/${key}`);
    }
  };
  const manifest = completionManifestSchema.parse(
    JSON.parse(await read(`${reportPrefix}/job-${jobId}/manifest.json`)),
  );
  for (const result of manifest.Results) yield* (await read(result.Key)).split("\n");
}
