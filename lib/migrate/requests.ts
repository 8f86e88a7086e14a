import { cutText } from "@/lib/keys";

/**
 * One request to the bucket, as either log source tells it: an S3 server access log line or a CloudTrail record.
 * The evidence tally reads only this shape, so both sources are judged by the same rules.
 */
export type LoggedRequest = {
  /** The journal (S3 Metadata's) is read for writers only: it names accounts, never an ACL (lib/writers/journal.ts). */
  source: "access-log" | "cloudtrail" | "metadata-journal";
  /** ISO 8601, UTC. */
  time: string;
  bucket: string;
  /** An IAM ARN, a canonical user ID (requests signed by an account's root), or "anonymous". */
  requester: string;
  /** The 12-digit account, when the requester names one. */
  accountId: string | null;
  /** The operation as the source names it (REST.GET.OBJECT, GetObject). */
  operation: string;
  kind: "read" | "write" | "acl-write" | "other";
  key: string | null;
  /** The source says an ACL was needed to authorize the request (aclRequired = Yes). */
  aclRequired: boolean;
  /** The canned ACL the request sent ("grants" when it sent x-amz-grant-* headers); null when none or unknown. */
  aclSent: string | null;
  httpStatus: number | null;
  /** The client's User-Agent as the source recorded it, cut at MAX_USER_AGENT characters; null when none. */
  userAgent: string | null;
  /** The AWS service that made the request on the requester's behalf (CloudTrail's invokedBy), if one did. */
  invokedBy: string | null;
  /** The object's size, where the source gives it (an access log's object size, CloudTrail's bytes in). */
  bytes: number | null;
};

/** Longest User-Agent kept: the SDKs' run to a few hundred characters; anything past this is noise or an attack. */
export const MAX_USER_AGENT = 512;

/** A recorded User-Agent, bounded; null for none. */
export const userAgentOf = (value: unknown): string | null =>
  typeof value === "string" && value.length > 0 && value !== "-" ? cutText(value, MAX_USER_AGENT) : null;

const ACCOUNT_IN_ARN = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/;

export function accountOf(requester: string): string | null {
  return ACCOUNT_IN_ARN.exec(requester)?.[1] ?? null;
}

/** What an operation does to objects, from its name in either source. */
export function kindOf(operation: string): LoggedRequest["kind"] {
  const op = operation.toUpperCase();
  if (op.includes("ACL")) return op.includes("PUT") ? "acl-write" : "read";
  if (/^REST\.(GET|HEAD)\.(OBJECT|BUCKET|VERSIONING)/.test(op) || /^(GET|HEAD|LIST)/.test(op)) return "read";
  if (/^REST\.(PUT|POST|DELETE|COPY)\./.test(op) || /^(PUT|POST|DELETE|COPY|COMPLETE|CREATE|UPLOAD)/.test(op))
    return "write";
  return "other";
}
