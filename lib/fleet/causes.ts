import { THROTTLE_NAMES } from "@/lib/errors";

// Why an account or a bucket of the fleet could not be scanned, from what failed and how. Pure: the I/O layer
// reduces an SDK error to a FailureFacts (never its raw text beyond the matched phrases), and this names the cause
// and what to do. One failing account never stops the fleet; its cause is what the operator acts on.

export const causes = {
  "no-credentials":
    "no usable base credentials for this account (its profile is missing or its keys are invalid)",
  "role-missing": "the read role does not exist in this account",
  "role-untrusted":
    "the read role refused to be assumed (missing, or its trust policy or external ID does not allow us)",
  "role-denied": "the read role lacks a permission Ownerscope needs",
  "scp-denied": "a service control policy (SCP) of the organization denies the call",
  "rcp-denied": "a resource control policy (RCP) of the organization denies the call",
  "bucket-policy-denied": "the bucket's policy denies the scanner",
  "region-disabled": "the bucket's Region is disabled or not opted in for this account",
  throttled: "S3 kept answering SlowDown after every retry",
  unreachable: "the endpoint is unreachable",
  "endpoint-error": "the endpoint answered with an error",
} as const;

export type Cause = keyof typeof causes;

/** What a failure looked like: where it happened, the HTTP status, the error's name or code and its message. */
export type FailureFacts = {
  stage: "assume" | "account" | "bucket";
  status: number | undefined;
  name: string;
  message: string;
};

const unreachable = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|socket hang up/i;
const regionNames = new Set([
  "InvalidToken",
  "IllegalLocationConstraintException",
  "OptInRequired",
  "RegionDisabledException",
  "AuthorizationHeaderMalformed",
]);

/** The cause of one failure. AWS names an SCP or RCP denial in the message ("... in a service control policy"). */
export function causeOf(f: FailureFacts): Cause {
  if (f.name === "CredentialsProviderError" && f.stage === "assume" && /profile|credential/i.test(f.message))
    return /AssumeRole|role/i.test(f.message) ? "role-untrusted" : "no-credentials";
  if (unreachable.test(f.name) || unreachable.test(f.message)) return "unreachable";
  if (THROTTLE_NAMES.has(f.name) || f.status === 503 || f.status === 429) return "throttled";
  if (regionNames.has(f.name) || /not (?:enabled|opted in)|region is disabled/i.test(f.message))
    return "region-disabled";
  if (/service control polic/i.test(f.message)) return "scp-denied";
  if (/resource control polic/i.test(f.message)) return "rcp-denied";
  if (
    f.name === "InvalidClientTokenId" ||
    f.name === "InvalidAccessKeyId" ||
    f.name === "SignatureDoesNotMatch"
  )
    return "no-credentials";
  const denied = f.status === 403 || /AccessDenied/.test(f.name);
  if (f.stage === "assume") {
    if (f.status === 404 || f.name === "NoSuchEntity") return "role-missing";
    if (denied) return "role-untrusted";
  }
  if (denied) return f.stage === "bucket" ? "bucket-policy-denied" : "role-denied";
  return "endpoint-error";
}

/** The facts of an SDK error (or anything thrown), keeping only what causeOf reads. */
export function factsOf(stage: FailureFacts["stage"], error: unknown): FailureFacts {
  const e = error as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const name = e?.code && unreachable.test(e.code) ? e.code : (e?.name ?? "Error");
  // The role assumer wraps STS's answer: its status is on the cause.
  const inner = (error as { cause?: { $metadata?: { httpStatusCode?: number } } })?.cause;
  return {
    stage,
    status: e?.$metadata?.httpStatusCode ?? inner?.$metadata?.httpStatusCode,
    name,
    message: String(e?.message ?? "").slice(0, 500),
  };
}

/** One line for an operator: the cause, and the status and name the endpoint answered. */
export function describeCause(cause: Cause, f: FailureFacts): string {
  const code = [f.status, f.name !== "Error" && f.name !== "Unknown" ? f.name : null]
    .filter(Boolean)
    .join(" ");
  return code ? `${causes[cause]} (${code})` : causes[cause];
}

/**
 * The cause of a scan that ended failed, from its stored reason (a scan keeps text, not the error). The bucket's
 * name and the key are taken out first: a bucket named "cdn-403" says nothing about why it failed.
 */
export function causeOfScanFailure(reason: string, bucket: string): Cause {
  const said = (
    reason.startsWith("checking ") ? reason.slice(reason.lastIndexOf(": ") + 2) : reason
  ).replaceAll(bucket, "");
  if (/\b503\b|SlowDown|Throttl/i.test(said)) return "throttled";
  if (/credential/i.test(said)) return "no-credentials";
  if (/\b403\b|AccessDenied|access denied/i.test(said)) return "bucket-policy-denied";
  if (/unreachable|ECONN|ETIMEDOUT/i.test(said)) return "unreachable";
  return "endpoint-error";
}
