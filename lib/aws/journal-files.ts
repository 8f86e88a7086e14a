import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { decompress as decompressZstd } from "fzstd";
import { parquetMetadataAsync, parquetReadObjects, type Compressors } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
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
// per-file bound is passed over: a Parquet file cut short has no footer), then read a slice of rows at a time, only
// the columns a writer is told from. A Parquet file is its writer's to shape: its footer and page headers may lie
// (a few hundred bytes can claim millions of values, or a page that inflates to gigabytes), so before a row group is
// read every page header of its columns is checked against bounds far above what Parquet writers produce (Iceberg
// and parquet-mr write pages of about 1 MB and 20,000 rows), and every decompression is bounded by its page's size.

/** The journal's columns of one row group, compressed, read at most. */
const MAX_GROUP_COLUMN_BYTES = 64 * 1024 * 1024;
/** A page, uncompressed, and the values it holds, at most. */
const MAX_PAGE_BYTES = 4 * 1024 * 1024;
const MAX_PAGE_VALUES = 300_000;
/**
 * Decompressed bytes of the journal's columns a row may take, on average over its row group: a row is a key (at most
 * 1,024 bytes), a bucket name and a few short fields; a dictionary page each column may have besides.
 */
const MAX_ROW_BYTES = 4 * 1024;
const DICTIONARY_SLACK = JOURNAL_COLUMNS.length * MAX_PAGE_BYTES;
/**
 * The physical types the journal writes its columns in. Anything else is refused: a fixed-length value, for one, is
 * a view of its whole decompressed page, which would then be held outside the heap's bound.
 */
const JOURNAL_TYPES: Record<(typeof JOURNAL_COLUMNS)[number], string[]> = {
  bucket: ["BYTE_ARRAY"],
  key: ["BYTE_ARRAY"],
  record_type: ["BYTE_ARRAY"],
  record_timestamp: ["INT64", "INT96"],
  size: ["INT64", "INT32"],
  requester: ["BYTE_ARRAY"],
};

/** Rows turned into objects at once, unless the group's pages are larger (a page is decoded whole). */
const SLICE_ROWS = 20_000;
/** A page header is a few bytes (its statistics included); this much is read to parse one. */
const HEADER_WINDOW = 64 * 1024;

/** Decompressors whose output is bounded by the page's declared size (which the page check bounds in turn). */
const boundedCompressors: Compressors = {
  ...compressors,
  ZSTD: (input, length) => decompressZstd(input, new Uint8Array(length)),
};

async function download(client: S3Client, bucket: string, key: string, local: string, budget: ReadBudget) {
  const out = await client
    .send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    .catch((error: unknown) => {
      throw toAppError(error, `read the journal file s3://${bucket}/${key}`);
    });
  const before = budget.truncatedFiles;
  await pipeline(Readable.from(budget.count(key, out.Body as Readable)), fs.createWriteStream(local));
  return budget.truncatedFiles === before;
}

type ParquetFile = Awaited<ReturnType<typeof fileAsyncBuffer>>;
type RowGroup = Awaited<ReturnType<typeof parquetMetadataAsync>>["row_groups"][number];

/**
 * Every page header of the group's journal columns, against the bounds: throws on the first that is over one.
 * Answers the most values a data page holds.
 */
async function checkPages(file: ParquetFile, group: RowGroup, key: string): Promise<number> {
  const over = (what: string) => new AppError("bad_request", `${key}: ${what}`);
  const rows = Number(group.num_rows);
  let compressed = 0;
  let decompressed = 0;
  let largest = 0;
  for (const column of group.columns) {
    const meta = column.meta_data;
    if (!meta || !JOURNAL_COLUMNS.includes(meta.path_in_schema[0] as never)) continue;
    const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
    const end = start + Number(meta.total_compressed_size);
    compressed += end - start;
    if (!(start >= 0 && end <= file.byteLength && compressed <= MAX_GROUP_COLUMN_BYTES))
      throw over(
        `the journal's columns of a row group are over ${MAX_GROUP_COLUMN_BYTES} bytes or outside the file`,
      );
    let values = 0;
    for (let at = start; at < end;) {
      const window = await file.slice(at, Math.min(end, at + HEADER_WINDOW));
      const reader = { view: new DataView(window), offset: 0 };
      const header = parquetHeader(reader);
      const size = Number(header.uncompressed_page_size);
      const count = Number(
        header.data_page_header?.num_values ??
          header.data_page_header_v2?.num_values ??
          header.dictionary_page_header?.num_values ??
          0,
      );
      if (!(size >= 0 && size <= MAX_PAGE_BYTES && count >= 0 && count <= MAX_PAGE_VALUES))
        throw over(
          `a page of ${size} bytes and ${count} values is over ${MAX_PAGE_BYTES} bytes or ${MAX_PAGE_VALUES} values`,
        );
      decompressed += size;
      if (decompressed > rows * MAX_ROW_BYTES + DICTIONARY_SLACK)
        throw over(`the journal's columns hold over ${decompressed} bytes for ${rows} rows`);
      if (header.type !== "DICTIONARY_PAGE") {
        values += count;
        largest = Math.max(largest, count);
      }
      const next = at + reader.offset + Number(header.compressed_page_size);
      if (!(next > at)) throw over("a page header that does not move on");
      at = next;
    }
    // A journal column is flat: its values are its rows, one each (a null counts).
    if (values > rows) throw over(`a column holds ${values} values in a row group of ${rows} rows`);
  }
  return largest;
}

/** The journal's columns, each a top-level value of the type the journal writes it in. */
function checkSchema(schema: Awaited<ReturnType<typeof parquetMetadataAsync>>["schema"], key: string) {
  for (const name of JOURNAL_COLUMNS) {
    const element = schema.find((e, i) => i > 0 && e.name === name);
    if (!element) continue; // hyparquet says which column is missing
    const top = schema[0]!.num_children !== undefined && schema.slice(1).some((e) => e === element);
    if (
      !top ||
      element.num_children ||
      element.repetition_type === "REPEATED" ||
      !JOURNAL_TYPES[name].includes(element.type ?? "")
    )
      throw new AppError(
        "bad_request",
        `${key}: the column ${name} is not a ${JOURNAL_TYPES[name].join(" or ")}`,
      );
  }
}

/** A downloaded journal file's rows (only the journal's columns), a slice at a time, every page checked first. */
export async function* journalRows(local: string, key: string, budget: ReadBudget) {
  const file = await fileAsyncBuffer(local);
  try {
    const metadata = await parquetMetadataAsync(file);
    checkSchema(metadata.schema, key);
    let groupStart = 0;
    for (const group of metadata.row_groups) {
      budget.check();
      // A slice as large as the largest page: each page is decoded once or twice, not once per slice.
      const slice = Math.max(SLICE_ROWS, await checkPages(file, group, key));
      const groupEnd = groupStart + Number(group.num_rows);
      for (let rowStart = groupStart; rowStart < groupEnd; rowStart += slice) {
        budget.check();
        const rowEnd = Math.min(groupEnd, rowStart + slice);
        const columns = [...JOURNAL_COLUMNS];
        const compressors = boundedCompressors;
        yield* await parquetReadObjects({ file, metadata, rowStart, rowEnd, columns, compressors });
      }
      groupStart = groupEnd;
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
