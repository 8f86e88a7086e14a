// Parquet files that lie, for the tests of reading journals: one row group of the journal's columns whose page
// headers are written by hand, so that a header may claim what its bytes do not hold (hundreds of millions of values
// in one byte, a page that inflates far past its column's declared size).
import { gzipSync } from "node:zlib";
import { ByteWriter } from "hyparquet-writer/src/bytewriter.js";
import { writePageHeader } from "hyparquet-writer/src/datapage.js";
import { writeMetadata } from "hyparquet-writer/src/metadata.js";

type Page = { header: Record<string, unknown>; bytes: Uint8Array };
type Column = { name: string; type: "BYTE_ARRAY" | "INT64"; codec?: string; pages: Page[] };

const dataPage = (values: number, encoding = "PLAIN") => ({
  type: "DATA_PAGE",
  data_page_header: {
    num_values: values,
    encoding,
    definition_level_encoding: "RLE",
    repetition_level_encoding: "RLE",
  },
});

function plainStrings(values: string[]): Uint8Array {
  const parts = values.map((v) => {
    const b = Buffer.from(v);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(b.length);
    return Buffer.concat([len, b]);
  });
  return new Uint8Array(Buffer.concat(parts));
}

const text = (name: string, value: string): Column => ({
  name,
  type: "BYTE_ARRAY",
  pages: [{ header: dataPage(1), bytes: plainStrings([value]) }],
});

function craft(columns: Column[], rows: number): Buffer {
  const w = new ByteWriter();
  w.appendUint32(0x31524150);
  const chunks = columns.map((c) => {
    const start = w.offset;
    let dictionary: bigint | undefined;
    let data: bigint | undefined;
    for (const p of c.pages) {
      if (p.header.type === "DICTIONARY_PAGE") dictionary = BigInt(w.offset);
      else data ??= BigInt(w.offset);
      writePageHeader(w, {
        compressed_page_size: p.bytes.length,
        uncompressed_page_size: p.bytes.length,
        ...p.header,
      } as never);
      w.appendBytes(p.bytes);
    }
    const size = BigInt(w.offset - start);
    return {
      file_offset: BigInt(start),
      meta_data: {
        type: c.type,
        encodings: ["PLAIN", "RLE", "RLE_DICTIONARY"],
        path_in_schema: [c.name],
        codec: c.codec ?? "UNCOMPRESSED",
        num_values: BigInt(rows),
        total_uncompressed_size: size,
        total_compressed_size: size,
        data_page_offset: data,
        dictionary_page_offset: dictionary,
      },
    };
  });
  const schema = [
    { name: "root", num_children: columns.length },
    ...columns.map((c) => ({
      name: c.name,
      type: c.type,
      repetition_type: "REQUIRED",
      ...(c.type === "BYTE_ARRAY" ? { converted_type: "UTF8" } : {}),
    })),
  ];
  const start = w.offset;
  writeMetadata(w, {
    version: 2,
    schema,
    num_rows: BigInt(rows),
    row_groups: [{ columns: chunks, total_byte_size: 0n, num_rows: BigInt(rows) }],
    created_by: "ownerscope tests",
  } as never);
  w.appendUint32(w.offset - start);
  w.appendUint32(0x31524150);
  return Buffer.from(w.getBuffer());
}

function int64(name: string, value: bigint): Column {
  const eight = Buffer.alloc(8);
  eight.writeBigInt64LE(value);
  return { name, type: "INT64", pages: [{ header: dataPage(1), bytes: new Uint8Array(eight) }] };
}

const journalText = (bucket: string) => [
  text("bucket", bucket),
  text("record_type", "CREATE"),
  int64("record_timestamp", BigInt(Date.parse("2026-12-07T20:00:00.000Z")) * 1000n),
  text("requester", "222233334444"),
];

/** One row, whose `size` page claims `values` values in a single byte (a dictionary index of bit width 0). */
export function claimsManyValues(bucket: string, values: number): Buffer {
  const eight = Buffer.alloc(8);
  eight.writeBigInt64LE(7n);
  return craft(
    [
      ...journalText(bucket),
      text("key", "k"),
      {
        name: "size",
        type: "INT64",
        pages: [
          {
            header: { type: "DICTIONARY_PAGE", dictionary_page_header: { num_values: 1, encoding: "PLAIN" } },
            bytes: new Uint8Array(eight),
          },
          { header: dataPage(values, "RLE_DICTIONARY"), bytes: new Uint8Array([0]) },
        ],
      },
    ],
    1,
  );
}

/** One row, whose `key` page is gzip that inflates to `bytes` bytes, and says so in its page header. */
export function inflatesTo(bucket: string, bytes: number): Buffer {
  const big = Buffer.alloc(4 + bytes, 0x41);
  big.writeUInt32LE(bytes, 0);
  return craft(
    [
      ...journalText(bucket),
      int64("size", 5n),
      {
        name: "key",
        type: "BYTE_ARRAY",
        codec: "GZIP",
        pages: [
          {
            header: { ...dataPage(1), uncompressed_page_size: big.length },
            bytes: new Uint8Array(gzipSync(big, { level: 9 })),
          },
        ],
      },
    ],
    1,
  );
}

/** One row whose `key` column is an INT64: not the type the journal writes it in. */
export function keyOfAnotherType(bucket: string): Buffer {
  return craft([...journalText(bucket), int64("size", 5n), int64("key", 5n)], 1);
}

/**
 * `rows` rows whose `key` column is `rows` gzip pages, each within the bounds of a page (one value, 4 MB declared and
 * inflated), together far more than rows of a journal hold.
 */
export function pagesEachWithinBounds(bucket: string, rows: number): Buffer {
  const text4mb = Buffer.alloc(4 * 1024 * 1024 - 1024, 0x41);
  const page = Buffer.concat([Buffer.alloc(4), text4mb]);
  page.writeUInt32LE(text4mb.length, 0);
  const gz = new Uint8Array(gzipSync(page, { level: 9 }));
  const repeat = (c: Column): Column => ({ ...c, pages: Array.from({ length: rows }, () => c.pages[0]!) });
  return craft(
    [
      ...journalText(bucket).map(repeat),
      repeat(int64("size", 5n)),
      {
        name: "key",
        type: "BYTE_ARRAY",
        codec: "GZIP",
        pages: Array.from({ length: rows }, () => ({
          header: { ...dataPage(1), uncompressed_page_size: page.length },
          bytes: gz,
        })),
      },
    ],
    rows,
  );
}
