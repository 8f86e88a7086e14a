import "server-only";
import { createHash } from "node:crypto";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { toAppError } from "@/lib/aws/errors";
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

/**
 * The rows of a gzipped CSV data file, streamed (a line at a time, never the whole file), with the file's MD5
 * checked against the manifest once it has been read to the end.
 */
export async function* csvInventoryRows(
  s3: S3Client,
  bucket: string,
  file: { key: string; MD5checksum: string },
  columns: string[],
): AsyncGenerator<InventoryRow> {
  let body: Readable;
  try {
    body = (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: file.key }))).Body as Readable;
  } catch (error) {
    throw toAppError(error, `read s3://${bucket}/${file.key}`);
  }
  const md5 = createHash("md5");
  body.on("data", (chunk: Buffer) => md5.update(chunk));
  const lines = createInterface({ input: body.pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === "") continue;
    const fields = parseCsvLine(line);
    const row: InventoryRow = {};
    columns.forEach((c, i) => (row[c] = fields[i]));
    yield row;
  }
  const digest = md5.digest("hex");
  if (file.MD5checksum && digest !== file.MD5checksum.toLowerCase())
    throw new AppError("bad_request", `s3://${bucket}/${file.key} does not match its manifest checksum.`);
}

/** A Parquet file read by byte ranges, as hyparquet asks for them. */
function s3AsyncBuffer(s3: S3Client, bucket: string, key: string, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end?: number) {
      const r = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${(end ?? size) - 1}` }),
      );
      const bytes = await r.Body!.transformToByteArray();
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
}

/** The rows of a Parquet data file, one row group at a time (memory stays at one row group's worth). */
export async function* parquetInventoryRows(
  s3: S3Client,
  bucket: string,
  file: { key: string; size: number },
): AsyncGenerator<InventoryRow> {
  try {
    const buffer = s3AsyncBuffer(s3, bucket, file.key, file.size);
    const metadata = await parquetMetadataAsync(buffer);
    let rowStart = 0;
    for (const group of metadata.row_groups) {
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
    throw toAppError(error, `read the Parquet file s3://${bucket}/${file.key}`);
  }
}
