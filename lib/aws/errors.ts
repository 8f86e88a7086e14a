import "server-only";
import type { FailureKind } from "@/lib/connections/advice";
import { AppError, THROTTLE_NAMES } from "@/lib/errors";

type SdkError = Error & { $metadata?: { httpStatusCode?: number }; code?: string; Code?: string };

/** The HTTP status of an SDK error; RGW answers 403 on HEAD with no body, so the status is what to test. */
export function httpStatusOf(error: unknown): number | undefined {
  return (error as SdkError | undefined)?.$metadata?.httpStatusCode;
}

const unreachableCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET", "ETIMEDOUT"]);

/**
 * Turns an SDK failure into an AppError whose message says what to change. The raw AWS text and metadata never
 * reach a client; `action` names what we were doing ("list buckets").
 */
export function toAppError(error: unknown, action: string): AppError {
  if (error instanceof AppError) return error;
  const e = error as SdkError;
  const status = httpStatusOf(error);
  const code = e?.code ?? e?.Code ?? e?.name;
  if (code && unreachableCodes.has(code)) {
    return new AppError(
      "upstream_unreachable",
      `Could not ${action}: the S3 endpoint is unreachable (${code}).`,
      {
        cause: error,
      },
    );
  }
  if (e?.name === "NoSuchBucket" || (status === 404 && /bucket/i.test(e?.name ?? ""))) {
    return new AppError("not_found", `Could not ${action}: the bucket does not exist.`, { cause: error });
  }
  if (e?.name === "CredentialsProviderError" || /credential|profile/i.test(e?.message ?? "")) {
    return new AppError(
      "upstream_denied",
      `Could not ${action}: no usable credentials (check the connection's profile, role and external ID).`,
      { cause: error },
    );
  }
  if (status === 403 || e?.name === "AccessDenied") {
    return new AppError(
      "upstream_denied",
      `Could not ${action}: access denied (${describeFailure(error)}; the connection's identity lacks the permission).`,
      { cause: error },
    );
  }
  return new AppError(
    "upstream_error",
    `Could not ${action}: the S3 endpoint answered ${describeFailure(error)}.`,
    {
      cause: error,
    },
  );
}

const transientNames = new Set([
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
  "InternalError",
  "ServiceUnavailable",
  "AbortError",
]);

/** S3 asking us to slow down (503 SlowDown and friends): lower concurrency, then retry. */
export function isThrottle(error: unknown): boolean {
  const e = error as SdkError | undefined;
  return httpStatusOf(error) === 503 || httpStatusOf(error) === 429 || THROTTLE_NAMES.has(e?.name ?? "");
}

/** Failures that may pass if tried again: throttling, 5xx, timeouts, dropped connections. */
export function isRetryable(error: unknown): boolean {
  if (isThrottle(error)) return true;
  const e = error as SdkError | undefined;
  const status = httpStatusOf(error);
  if (status !== undefined && status >= 500) return true;
  if (transientNames.has(e?.name ?? "")) return true;
  const code = e?.code ?? "";
  return (
    unreachableCodes.has(code) || code === "EPIPE" || /socket hang up|ECONNRESET/i.test(e?.message ?? "")
  );
}

/** A short, safe description of a failure for a finding's reason (no request IDs, no raw XML). */
export function describeFailure(error: unknown): string {
  const e = error as SdkError | undefined;
  if (e?.name === "CredentialsProviderError")
    return "no usable credentials for this identity (check its profile, role and external ID)";
  const code = e?.code ?? e?.Code;
  if (code && unreachableCodes.has(code)) return `the S3 endpoint is unreachable (${code})`;
  const status = httpStatusOf(error);
  const name = e?.name && e.name !== "Error" && e.name !== "Unknown" ? e.name : (e?.code ?? "error");
  return status ? `${status} ${name}` : name;
}

/** How "Test connection" reads a failure: enough to advise, never the raw AWS text. */
export function failureKindOf(error: unknown): FailureKind {
  const e = error as SdkError | undefined;
  const code = e?.code ?? e?.Code ?? e?.name ?? "";
  const status = httpStatusOf(error);
  if (unreachableCodes.has(code) || /ECONNREFUSED|ENOTFOUND|getaddrinfo/.test(e?.message ?? ""))
    return "unreachable";
  if (
    e?.name === "CredentialsProviderError" ||
    code === "InvalidAccessKeyId" ||
    code === "InvalidClientTokenId"
  )
    return "no-credentials";
  if (status === 403 || code === "AccessDenied" || code === "SignatureDoesNotMatch") return "denied";
  if (status === 404 || code === "NoSuchBucket" || code === "NoSuchKey") return "not-found";
  if (/Deserialization|char|XML/i.test(`${e?.name ?? ""} ${e?.message ?? ""}`) && status === undefined)
    return "bad-endpoint";
  return "other";
}
