import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, describe, expect, it } from "vitest";
import { journalRows } from "@/lib/aws/journal-files";
import { ReadBudget } from "@/lib/migrate/read-budget";
import { journalFile } from "@/scripts/lab/metadata-journal";
import {
  claimsManyValues,
  inflatesTo,
  keyOfAnotherType,
  pagesEachWithinBounds,
} from "@/scripts/lab/parquet-lies";

// A journal file is its writer's to shape. What an attacker found: 596 bytes whose page claimed 300 million values
// took the server to 2.8 GB outside its heap; a gzip page that inflates to 300 MB passed a check of the footer's
// sizes; 6 KB of dictionary pages made 5 million row objects at once and killed the reading thread.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "journal-files-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const budget = () => new ReadBudget({ fileBytes: 1e9, totalBytes: 1e10, files: 100, ms: 60_000 });

async function read(name: string, bytes: Buffer | Uint8Array) {
  const local = path.join(dir, name);
  fs.writeFileSync(local, bytes);
  const before = process.memoryUsage().arrayBuffers;
  let rows = 0;
  let peak = 0;
  try {
    for await (const _ of journalRows(local, name, budget()))
      if (++rows % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
    return { rows, peak, error: null };
  } catch (error) {
    return { rows, peak: Math.max(peak, process.memoryUsage().arrayBuffers - before), error: error as Error };
  }
}

describe("reading a journal's Parquet file", () => {
  it("reads a journal file in the documented columns", async () => {
    const time = new Date();
    const r = await read(
      "ok.parquet",
      journalFile([
        { bucket: "b", key: "k", recordType: "CREATE", time, requester: "111122223333", size: 1 },
      ]),
    );
    expect(r).toMatchObject({ rows: 1, error: null });
  });

  it("refuses a page that claims more values than a page holds, before allocating for them", async () => {
    const r = await read("many.parquet", claimsManyValues("b", 300_000_000));
    expect(r.error?.message).toMatch(/300000000 values is over/);
    expect(r.peak).toBeLessThan(64 * 1024 * 1024);
  });

  it("refuses a page that inflates past the bound, whatever its column's footer says", async () => {
    const r = await read("inflates.parquet", inflatesTo("b", 64 * 1024 * 1024));
    expect(r.error?.message).toMatch(/a page of \d+ bytes/);
    expect(r.rows).toBe(0);
  });

  it("refuses a journal column of another type than the journal writes (a fixed-length value is a view of its page)", async () => {
    const r = await read("typed.parquet", keyOfAnotherType("b"));
    expect(r.error?.message).toMatch(/the column key is not a BYTE_ARRAY/);
  });

  it("refuses a row group whose pages, each within bounds, hold far more than its rows could", async () => {
    const r = await read("pages.parquet", pagesEachWithinBounds("b", 40));
    expect(r.error?.message).toMatch(/bytes for 40 rows/);
    expect(r.peak).toBeLessThan(64 * 1024 * 1024);
  });

  it("turns a large row group into rows a slice at a time", async () => {
    const n = 300_000;
    const constant = (v: string) => new Array<string>(n).fill(v);
    const file = parquetWriteBuffer({
      columnData: [
        { name: "bucket", type: "STRING", data: constant("b") },
        { name: "key", type: "STRING", data: constant("k") },
        { name: "record_type", type: "STRING", data: constant("CREATE") },
        { name: "record_timestamp", type: "TIMESTAMP", data: new Array<Date>(n).fill(new Date()) },
        { name: "requester", type: "STRING", data: constant("111122223333") },
        { name: "size", type: "INT64", data: new Array<bigint>(n).fill(1n) },
      ],
      rowGroupSize: n,
    });
    // Its writer puts up to 262,143 values in a page: under the bound, so every row is read, 20,000 at a time.
    const r = await read("wide.parquet", new Uint8Array(file));
    expect(r).toMatchObject({ rows: n, error: null });
  });
});
