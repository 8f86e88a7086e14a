import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { toAppError } from "@/lib/aws/errors";
import { boundedLines } from "@/lib/aws/lines";
import { AppError } from "@/lib/errors";
import { fieldName, inventoryManifestSchema, type InventoryManifest } from "@/lib/inventory/manifest";
import { parseCsvLine, type InventoryRow } from "@/lib/inventory/rows";

async function getText(s3: S3Client, bucket: string, key: string): Promise<string> {
  try {
    const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await r.Body!.transformToString();
  } catch (error) {
    throw toAppError(error, `read s3://${bucket}/${key}`);
  }
}

/**
 * The report a location names: a manifest.json key, or a prefix under which the newest manifest.json is taken
 * (inventory writes one folder per report, named by its date, so the greatest key is the newest report).
 */
export async function readInventoryManifest(
  s3: S3Client,
  bucket: string,
  keyOrPrefix: string,
): Promise<{ manifestKey: string; manifest: InventoryManifest }> {
  let manifestKey = keyOrPrefix;
  if (!keyOrPrefix.endsWith("manifest.json")) {
    let newest: string | null = null;
    let token: string | undefined;
    try {
      do {
        const page = await s3.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: keyOrPrefix, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? [])
          if (o.Key?.endsWith("/manifest.json") && (newest === null || o.Key > newest)) newest = o.Key;
        token = page.NextContinuationToken;
      } while (token);
    } catch (error) {
      throw toAppError(error, `list s3://${bucket}/${keyOrPrefix}`);
    }
    if (!newest)
      throw new AppError("not_found", `No inventory manifest.json under s3://${bucket}/${keyOrPrefix}.`);
    manifestKey = newest;
  }
  const parsed = inventoryManifestSchema.safeParse(JSON.parse(await getText(s3, bucket, manifestKey)));
  if (!parsed.success)
    throw new AppError("bad_request", `s3://${bucket}/${manifestKey} is not an S3 Inventory manifest.`);
  if (parsed.data.fileFormat === "ORC")
    throw new AppError(
      "bad_request",
      "ORC inventory reports are not supported (no maintained JavaScript ORC reader): configure CSV or Parquet.",
    );
  return { manifestKey, manifest: parsed.data };
}

// A CSV row is a key (up to 1,024 bytes, URL-encoded up to three times that) and a few short fields; an ACL field
// holds a few grants. Anything far longer is not a row S3 Inventory wrote.
const MAX_CSV_LINE_BYTES = 256 * 1024;

export type InventoryFile = { key: string; size: number; MD5checksum: string };

/**
 * Downloads one data file to `dir`, hashing it as it goes, and answers its path only when its MD5 is the one the
 * manifest gives: no row of a file that does not match is ever read, let alone committed. Bytes beyond the size the
 * manifest declares are refused too. The file on disk, not memory, holds the data.
 */
export async function downloadVerified(
  s3: S3Client,
  bucket: string,
  file: InventoryFile,
  dir: string,
): Promise<string> {
  const local = path.join(dir, `data-${createHash("sha256").update(file.key).digest("hex").slice(0, 16)}`);
  const md5 = createHash("md5");
  let bytes = 0;
  const tooLarge = () =>
    new AppError("bad_request", `s3://${bucket}/${file.key} is larger than its manifest says.`);
  try {
    const body = (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: file.key }))).Body as Readable;
    await pipeline(
      body,
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          if (bytes > file.size) return done(tooLarge());
          md5.update(chunk);
          done(null, chunk);
        },
      }),
      fs.createWriteStream(local),
    );
  } catch (error) {
    fs.rmSync(local, { force: true });
    if (error instanceof AppError) throw error;
    throw toAppError(error, `read s3://${bucket}/${file.key}`);
  }
  // S3 Inventory always gives the checksum: a manifest without one does not vouch for its file.
  if (md5.digest("hex") !== file.MD5checksum.toLowerCase()) {
    fs.rmSync(local, { force: true });
    throw new AppError("bad_request", `s3://${bucket}/${file.key} does not match its manifest checksum.`);
  }
  return local;
}

/** The rows of a gzipped CSV data file already checked against its manifest, a line at a time, each line bounded. */
export async function* csvInventoryRows(
  local: string,
  key: string,
  columns: string[],
): AsyncGenerator<InventoryRow> {
  const lines = boundedLines(fs.createReadStream(local).pipe(createGunzip()), MAX_CSV_LINE_BYTES, key);
  for await (const line of lines) {
    if (line === "") continue;
    const fields = parseCsvLine(line);
    const row: InventoryRow = {};
    columns.forEach((c, i) => (row[c] = fields[i]));
    yield row;
  }
}

// S3 Inventory writes row groups of a few tens of MB.
const MAX_ROW_GROUP_BYTES = 256 * 1024 * 1024;

/** A local Parquet file read by byte ranges, as hyparquet asks for them (its metadata's ranges checked). */
export async function fileAsyncBuffer(local: string): Promise<AsyncBuffer & { close: () => Promise<void> }> {
  const handle = await fs.promises.open(local, "r");
  const { size } = await handle.stat();
  return {
    byteLength: size,
    async slice(start: number, end?: number) {
      // The ranges come from the file's own metadata: one that reaches outside the file is a lie, never an allocation.
      const stop = end ?? size;
      if (!(start >= 0 && stop >= start && stop <= size))
        throw new AppError(
          "bad_request",
          `${local.split("/").at(-1)}: the Parquet file names bytes it does not have.`,
        );
      const bytes = Buffer.alloc(stop - start);
      await handle.read(bytes, 0, bytes.length, start);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
    close: () => handle.close(),
  };
}

/** The rows of a Parquet data file already checked against its manifest, one row group at a time. */
export async function* parquetInventoryRows(local: string, key: string): AsyncGenerator<InventoryRow> {
  const buffer = await fileAsyncBuffer(local);
  try {
    const metadata = await parquetMetadataAsync(buffer);
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      // A row group is read whole: one that says it is larger than any inventory writes is refused, not allocated.
      if (Number(group.total_byte_size) > MAX_ROW_GROUP_BYTES)
        throw new AppError(
          "bad_request",
          `${key}: a row group of ${group.total_byte_size} bytes is over ${MAX_ROW_GROUP_BYTES}.`,
        );
      const rowEnd = rowStart + Number(group.num_rows);
      const rows = await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd, compressors });
      for (const r of rows) {
        const row: InventoryRow = {};
        for (const [k, v] of Object.entries(r)) row[fieldName(k)] = v;
        yield row;
      }
      rowStart = rowEnd;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request", `${key} is not a readable Parquet file: ${(error as Error).message}`);
  } finally {
    await buffer.close();
  }
}
