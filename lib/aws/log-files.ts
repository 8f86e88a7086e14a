import "server-only";
import { pipeline, Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { toAppError } from "@/lib/aws/errors";
import { boundedLineBatches } from "@/lib/aws/lines";
import { AppError } from "@/lib/errors";
import { MAX_LINE, parseAccessLogLine } from "@/lib/migrate/access-log";
import { requestOfRecord } from "@/lib/migrate/cloudtrail";
import type { EvidenceTally } from "@/lib/migrate/evidence";
import { RecordsSplitter } from "@/lib/migrate/json-records";
import type { ReadBudget } from "@/lib/migrate/read-budget";

// Reads the logs that say who still relies on ACLs, a file at a time, as a stream: access logs a batch of lines at a
// time, CloudTrail files a record at a time (never a file as one string). Everything read counts against a budget
// (decompressed bytes per file and in all, files, time) that stops the reading, keeping what it has. The files are
// listed under a prefix; those last written before `since` are passed over.

export type LogLocation = { bucket: string; prefix: string };

/** A CloudTrail record larger than this is passed over (CloudTrail's own are a few KB). */
const MAX_TRAIL_RECORD = 1024 * 1024;

export async function* logFiles(client: S3Client, at: LogLocation, since: string | null, budget: ReadBudget) {
  let token: string | undefined;
  do {
    budget.check();
    const page = await client
      .send(new ListObjectsV2Command({ Bucket: at.bucket, Prefix: at.prefix, ContinuationToken: token }))
      .catch((error: unknown) => {
        throw toAppError(error, `list the logs under s3://${at.bucket}/${at.prefix}`);
      });
    for (const o of page.Contents ?? []) {
      if (!o.Key || o.Key.endsWith("/")) continue;
      if (since && o.LastModified && o.LastModified.toISOString() < since) continue;
      budget.file(o.Key);
      yield o.Key;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** The object's bytes, gunzipped when they start with gzip's magic number, counted against the budget. */
async function bodyOf(
  client: S3Client,
  bucket: string,
  key: string,
  budget: ReadBudget,
): Promise<AsyncIterable<Uint8Array>> {
  const out = await client
    .send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    .catch((error: unknown) => {
      throw toAppError(error, `read the log file s3://${bucket}/${key}`);
    });
  const stream = out.Body as Readable;
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head = await iterator.next();
  if (head.done) return Readable.from([]);
  const rest = Readable.from(
    (async function* () {
      yield head.value;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    })(),
  );
  if (head.value[0] !== 0x1f || head.value[1] !== 0x8b) return budget.count(key, rest);
  // A pipeline, so that stopping early (a bound reached) closes the gunzip and the S3 stream behind it.
  const gunzip = createGunzip();
  pipeline(rest, gunzip, () => undefined);
  return budget.count(key, gunzip);
}

export async function readAccessLogs(
  client: S3Client,
  at: LogLocation,
  since: string | null,
  tally: EvidenceTally,
  budget: ReadBudget,
) {
  for await (const key of logFiles(client, at, since, budget)) {
    tally.file();
    const body = await bodyOf(client, at.bucket, key, budget);
    try {
      for await (const lines of boundedLineBatches(body, MAX_LINE, `log file ${key}`))
        for (const line of lines) if (line.length > 0) tally.add(parseAccessLogLine(line));
    } catch (error) {
      // A line longer than any log's: what was read of the file stands, its rest is passed over, and so said.
      if (!(error instanceof AppError) || error.code !== "bad_request") throw error;
      budget.passOver(`${error.message} (the rest of it was not read)`);
    }
  }
}

export async function readCloudTrail(
  client: S3Client,
  at: LogLocation,
  since: string | null,
  tally: EvidenceTally,
  budget: ReadBudget,
) {
  for await (const key of logFiles(client, at, since, budget)) {
    tally.file();
    const splitter = new RecordsSplitter(MAX_TRAIL_RECORD);
    const onRecord = (text: string) => {
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch {
        return tally.skip();
      }
      tally.add(requestOfRecord(record));
    };
    for await (const chunk of await bodyOf(client, at.bucket, key, budget))
      splitter.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), onRecord);
    for (let i = 0; i < splitter.oversized; i++) tally.skip();
  }
}
