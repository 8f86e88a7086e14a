import "server-only";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { toAppError } from "@/lib/aws/errors";
import { boundedLines } from "@/lib/aws/lines";
import { AppError } from "@/lib/errors";
import { MAX_LINE, parseAccessLogLine } from "@/lib/migrate/access-log";
import { requestOfRecord } from "@/lib/migrate/cloudtrail";
import type { EvidenceTally } from "@/lib/migrate/evidence";

// Reads the logs that say who still relies on ACLs, a file at a time and a line at a time (access logs), or a file
// at a time within a bound (a CloudTrail file is one JSON document). The files are listed under a prefix; those
// last written before `since` are passed over.

export type LogLocation = { bucket: string; prefix: string };

/** Largest CloudTrail file read (uncompressed): CloudTrail writes files of a few MB; parsing one costs a few times this. */
const MAX_TRAIL_FILE = 48 * 1024 * 1024;
/** Files read per source; a larger set is for Athena (the queries Ownerscope writes). */
const MAX_LOG_FILES = 200_000;

async function* logFiles(client: S3Client, at: LogLocation, since: string | null) {
  let token: string | undefined;
  let files = 0;
  do {
    const page = await client
      .send(new ListObjectsV2Command({ Bucket: at.bucket, Prefix: at.prefix, ContinuationToken: token }))
      .catch((error: unknown) => {
        throw toAppError(error, `list the logs under s3://${at.bucket}/${at.prefix}`);
      });
    for (const o of page.Contents ?? []) {
      if (!o.Key || o.Key.endsWith("/")) continue;
      if (since && o.LastModified && o.LastModified.toISOString() < since) continue;
      if (++files > MAX_LOG_FILES)
        throw new AppError(
          "payload_too_large",
          `More than ${MAX_LOG_FILES} log files under s3://${at.bucket}/${at.prefix}: narrow --since, or use the Athena queries.`,
        );
      yield o.Key;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** The object's bytes, gunzipped when they start with gzip's magic number. */
async function bodyOf(client: S3Client, bucket: string, key: string): Promise<AsyncIterable<Uint8Array>> {
  const out = await client
    .send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    .catch((error: unknown) => {
      throw toAppError(error, `read the log file s3://${bucket}/${key}`);
    });
  const stream = out.Body as Readable;
  const first: Buffer[] = [];
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head = await iterator.next();
  if (head.done) return Readable.from([]);
  first.push(head.value);
  const rest = Readable.from(
    (async function* () {
      yield* first;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    })(),
  );
  return head.value[0] === 0x1f && head.value[1] === 0x8b ? rest.pipe(createGunzip()) : rest;
}

export async function readAccessLogs(
  client: S3Client,
  at: LogLocation,
  since: string | null,
  tally: EvidenceTally,
) {
  for await (const key of logFiles(client, at, since)) {
    tally.file();
    for await (const line of boundedLines(
      await bodyOf(client, at.bucket, key),
      MAX_LINE,
      `log file ${key}`,
    )) {
      if (line.length > 0) tally.add(parseAccessLogLine(line));
    }
  }
}

export async function readCloudTrail(
  client: S3Client,
  at: LogLocation,
  since: string | null,
  tally: EvidenceTally,
) {
  for await (const key of logFiles(client, at, since)) {
    tally.file();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of await bodyOf(client, at.bucket, key)) {
      size += chunk.length;
      if (size > MAX_TRAIL_FILE)
        throw new AppError("payload_too_large", `CloudTrail file ${key} is over ${MAX_TRAIL_FILE} bytes.`);
      chunks.push(Buffer.from(chunk));
    }
    let records: unknown;
    try {
      records = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { Records?: unknown }).Records;
    } catch {
      tally.skip();
      continue;
    }
    if (!Array.isArray(records)) {
      tally.skip();
      continue;
    }
    for (const record of records) tally.add(requestOfRecord(record));
  }
}
