import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { toAppError } from "@/lib/aws/errors";
import { fileAsyncBuffer } from "@/lib/aws/inventory-io";
import { logFiles, type LogLocation } from "@/lib/aws/log-files";
import { AppError } from "@/lib/errors";
import { ReadStopped, type ReadBudget } from "@/lib/migrate/read-budget";
import type { LoggedRequest } from "@/lib/migrate/requests";
import { JOURNAL_COLUMNS, requestOfJournalRow } from "@/lib/writers/journal";

// Reads S3 Metadata journal rows from Parquet files under a prefix (the journal table's data files, or an export of
// it), for the writers they name. A file is downloaded to disk, counted against the reading's budget (a file over the
// per-file bound is passed over: a Parquet file cut short has no footer), then read a row group at a time, only the
// columns a writer is told from, each group's size checked before it is read.

/** The journal's columns of one row group, uncompressed, read at most: S3 Tables writes groups of ~128 MB in all. */
const MAX_GROUP_COLUMN_BYTES = 64 * 1024 * 1024;

async function download(client: S3Client, bucket: string, key: string, local: string, budget: ReadBudget) {
  const out = await client
    .send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    .catch((error: unknown) => {
      throw toAppError(error, `read the journal file s3://${bucket}/${key}`);
    });
  const before = budget.truncated.length;
  await pipeline(Readable.from(budget.count(key, out.Body as Readable)), fs.createWriteStream(local));
  return budget.truncated.length === before;
}

async function* journalRows(local: string, key: string, budget: ReadBudget) {
  const file = await fileAsyncBuffer(local);
  try {
    const metadata = await parquetMetadataAsync(file);
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      budget.check();
      const rowEnd = rowStart + Number(group.num_rows);
      const bytes = group.columns
        .filter((c) => JOURNAL_COLUMNS.includes(c.meta_data?.path_in_schema[0] as never))
        .reduce((n, c) => n + Number(c.meta_data?.total_uncompressed_size ?? 0), 0);
      if (bytes > MAX_GROUP_COLUMN_BYTES)
        throw new AppError(
          "bad_request",
          `${key}: a row group of ${bytes} bytes is over ${MAX_GROUP_COLUMN_BYTES}`,
        );
      const columns = [...JOURNAL_COLUMNS];
      yield* await parquetReadObjects({ file, metadata, rowStart, rowEnd, columns, compressors });
      rowStart = rowEnd;
    }
  } finally {
    await file.close();
  }
}

/** One downloaded file's rows; a file that is not a journal's Parquet is passed over, said so, and the reading goes on. */
async function readRows(
  local: string,
  key: string,
  q: { bucket: string; since: string | null },
  budget: ReadBudget,
  onRequest: (r: LoggedRequest) => void,
) {
  try {
    for await (const row of journalRows(local, key, budget)) {
      const r = requestOfJournalRow(row as Record<string, unknown>, q.bucket);
      if (r && (!q.since || r.time >= q.since)) onRequest(r);
    }
  } catch (error) {
    if (error instanceof ReadStopped) throw error;
    budget.passOver(`${key} is not a journal table's Parquet file: ${(error as Error).message}`);
  }
}

/** Every CREATE row of `bucket` under the location, from `since` on, handed to `onRequest` as a write. */
export async function readMetadataJournal(
  client: S3Client,
  at: LogLocation,
  q: { bucket: string; since: string | null },
  budget: ReadBudget,
  onFile: () => void,
  onRequest: (r: LoggedRequest) => void,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ownerscope-journal-"));
  try {
    for await (const key of logFiles(client, at, q.since, budget)) {
      if (!key.endsWith(".parquet")) continue;
      onFile();
      const local = path.join(dir, "file.parquet");
      try {
        if (!(await download(client, at.bucket, key, local, budget))) {
          budget.passOver(`${key} is over the per-file bound: a Parquet file cut short cannot be read`);
          continue;
        }
        await readRows(local, key, q, budget, onRequest);
      } finally {
        fs.rmSync(local, { force: true });
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
