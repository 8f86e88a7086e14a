// S3 Metadata's journal table, a source of writers: one row per change to an object, with the account (or the AWS
// service) that made it. Its documented columns include bucket, key, record_type (CREATE, UPDATE_METADATA, DELETE),
// record_timestamp, size, requester (a 12-digit account ID, or a service principal such as s3.amazonaws.com) and
// source_ip_address. A journal names accounts, not principals or tools, and never the ACL a write sent. Pure.
import { cutText } from "@/lib/keys";
import type { LoggedRequest } from "@/lib/migrate/requests";

/** The journal's columns a writer is told from: the only ones read of its Parquet files. */
export const JOURNAL_COLUMNS = [
  "bucket",
  "key",
  "record_type",
  "record_timestamp",
  "size",
  "requester",
] as const;

const ACCOUNT_ID = /^\d{12}$/;
const SERVICE = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/;

const text = (v: unknown, max: number) => (typeof v === "string" && v.length > 0 ? cutText(v, max) : null);

/** A timestamp as hyparquet gives it (a Date, or microseconds or milliseconds since the epoch), as ISO 8601. */
function timeOf(v: unknown): string | null {
  let ms: number | null = null;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === "bigint") ms = Number(v / 1000n);
  else if (typeof v === "number") ms = v;
  else if (typeof v === "string") ms = Date.parse(v);
  return ms !== null && Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
}

/** A row dated this far past now was not written by S3 Metadata (a clock runs a little ahead at most). */
const FUTURE_MS = 24 * 3600 * 1000;

/**
 * A CREATE row of the journal as a request that wrote an object; null for any other row, one not of `bucket`, or one
 * that is not as the journal writes them (a requester neither an account ID nor a service principal, a date ahead).
 */
export function requestOfJournalRow(
  row: Record<string, unknown>,
  bucket: string,
  now = Date.now(),
): LoggedRequest | null {
  if (row.record_type !== "CREATE" || row.bucket !== bucket) return null;
  const time = timeOf(row.record_timestamp);
  const requester = text(row.requester, 256);
  if (!time || !requester || Date.parse(time) > now + FUTURE_MS) return null;
  if (!ACCOUNT_ID.test(requester) && !SERVICE.test(requester)) return null;
  const account = ACCOUNT_ID.test(requester) ? requester : null;
  const size = typeof row.size === "bigint" ? Number(row.size) : row.size;
  return {
    source: "metadata-journal",
    time,
    bucket,
    requester,
    accountId: account,
    operation: "CREATE",
    kind: "write",
    key: text(row.key, 4096),
    aclRequired: false,
    aclSent: null,
    httpStatus: null,
    userAgent: null,
    invokedBy: account ? null : requester,
    bytes: typeof size === "number" && Number.isFinite(size) && size >= 0 ? size : null,
  };
}
