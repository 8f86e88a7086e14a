// S3 Metadata journal rows as a Parquet file, in the journal table's documented columns and types, for the tests
// (the gateway has no S3 Metadata). The two map columns (object_tags, user_metadata) are left out: nothing reads them.
import { parquetWriteBuffer } from "hyparquet-writer";

export type JournalRow = {
  bucket: string;
  key: string;
  recordType: "CREATE" | "UPDATE_METADATA" | "DELETE";
  time: Date;
  /** A 12-digit account ID, or a service principal (s3.amazonaws.com). */
  requester: string;
  size?: number;
  sourceIp?: string;
};

export function journalFile(rows: JournalRow[]): Buffer {
  const col = (name: string, type: string, of: (r: JournalRow, i: number) => unknown) => ({
    name,
    type,
    data: rows.map(of),
  });
  const created = (r: JournalRow) => r.recordType !== "DELETE";
  return Buffer.from(
    parquetWriteBuffer({
      columnData: [
        col("bucket", "STRING", (r) => r.bucket),
        col("key", "STRING", (r) => r.key),
        col("sequence_number", "STRING", (_r, i) => String(1e20 + i)),
        col("record_type", "STRING", (r) => r.recordType),
        col("record_timestamp", "TIMESTAMP", (r) => r.time),
        col("version_id", "STRING", () => null),
        col("is_delete_marker", "BOOLEAN", () => false),
        col("size", "INT64", (r) => (created(r) && r.size !== undefined ? BigInt(r.size) : null)),
        col("last_modified_date", "TIMESTAMP", (r) => (created(r) ? r.time : null)),
        col("e_tag", "STRING", (r) => (created(r) ? "e131b86632dda753aac4018f72192b83" : null)),
        col("storage_class", "STRING", (r) => (created(r) ? "STANDARD" : null)),
        col("is_multipart", "BOOLEAN", () => false),
        col("encryption_status", "STRING", () => "SSE-S3"),
        col("is_bucket_key_enabled", "BOOLEAN", () => false),
        col("kms_key_arn", "STRING", () => null),
        col("checksum_algorithm", "STRING", () => "CRC64NVME"),
        col("requester", "STRING", (r) => r.requester),
        col("source_ip_address", "STRING", (r) => r.sourceIp ?? "192.0.2.1"),
        col("request_id", "STRING", (_r, i) => `CVK8FWYRW0M9J${String(i).padStart(3, "0")}`),
      ] as never,
    }),
  );
}
