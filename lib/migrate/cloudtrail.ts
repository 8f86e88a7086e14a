import { accountOf, kindOf, userAgentOf, type LoggedRequest } from "@/lib/migrate/requests";

/**
 * CloudTrail log files: gzipped JSON `{"Records": [...]}`, one record per API call. S3 data events carry the
 * bucket and key in `requestParameters` (with the ACL headers the request sent), and `additionalEventData.aclRequired`
 * = "Yes" when an ACL authorized the request.
 */
type Record_ = {
  eventTime?: unknown;
  eventSource?: unknown;
  eventName?: unknown;
  userIdentity?: {
    type?: unknown;
    arn?: unknown;
    accountId?: unknown;
    principalId?: unknown;
    invokedBy?: unknown;
  };
  userAgent?: unknown;
  sourceIPAddress?: unknown;
  requestParameters?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown> | null;
  errorCode?: unknown;
};

const str = (v: unknown, max = 2048): string | null =>
  typeof v === "string" && v.length > 0 && v.length <= max ? v : null;

/** The canned ACL or grant headers a request sent, from its request parameters (top level or under accessControlList). */
function aclSentOf(params: Record<string, unknown>): string | null {
  const canned = str(params["x-amz-acl"], 64);
  if (canned) return canned;
  const acl = params.accessControlList;
  const headers = [params, acl && typeof acl === "object" ? (acl as Record<string, unknown>) : {}];
  return headers.some((h) => Object.keys(h).some((k) => k.toLowerCase().startsWith("x-amz-grant-")))
    ? "grants"
    : null;
}

/**
 * The AWS service that called on the requester's behalf: `userIdentity.invokedBy`, or a `sourceIPAddress` that names
 * a service instead of an address (Athena and Glue writing query results or job output).
 */
function invokedByOf(invokedBy: unknown, sourceIp: unknown): string | null {
  const service = /^[a-z0-9.-]{1,128}\.amazonaws\.com$/;
  for (const v of [invokedBy, sourceIp]) if (typeof v === "string" && service.test(v)) return v;
  return null;
}

/** The bytes a write sent, as CloudTrail's additionalEventData counts them. */
function bytesIn(extra: Record<string, unknown> | null | undefined): number | null {
  const n = extra?.bytesTransferredIn;
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** One CloudTrail record as a request to `bucket`'s objects or settings; null for any other record. */
export function requestOfRecord(record: unknown): LoggedRequest | null {
  if (!record || typeof record !== "object") return null;
  const r = record as Record_;
  if (r.eventSource !== "s3.amazonaws.com") return null;
  const operation = str(r.eventName, 128);
  const time = str(r.eventTime, 64);
  const params = r.requestParameters && typeof r.requestParameters === "object" ? r.requestParameters : {};
  const bucket = str(params.bucketName, 255);
  if (!operation || !time || !bucket || Number.isNaN(Date.parse(time))) return null;
  const identity = r.userIdentity ?? {};
  // An anonymous request names its account "anonymous": only a 12-digit account is one.
  const account = str(identity.accountId, 12);
  const knownAccount = account && /^\d{12}$/.test(account) ? account : null;
  const requester =
    str(identity.arn) ??
    (knownAccount ? `arn:aws:iam::${knownAccount}:root` : null) ??
    (identity.type === "AWSAccount" || account === "anonymous" ? null : str(identity.principalId)) ??
    "anonymous";
  const accountId = knownAccount ?? accountOf(requester);
  return {
    source: "cloudtrail",
    time: new Date(time).toISOString(),
    bucket,
    requester,
    accountId,
    operation,
    kind: kindOf(operation),
    key: str(params.key, 4096),
    aclRequired: r.additionalEventData?.aclRequired === "Yes",
    aclSent: aclSentOf(params),
    // A record with an error failed; CloudTrail does not give its status code.
    httpStatus: r.errorCode ? 400 : 200,
    userAgent: userAgentOf(r.userAgent),
    invokedBy: invokedByOf(identity.invokedBy, r.sourceIPAddress),
    bytes: bytesIn(r.additionalEventData),
  };
}
