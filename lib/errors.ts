/** The one error model: every failure a user can see is an AppError with a stable code. */
const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** The action reads a completed scan, and there is none yet: scan first. */
  needs_scan: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  invalid_input: 422,
  upstream_denied: 502,
  upstream_unreachable: 502,
  upstream_error: 502,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AppError";
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export type ErrorBody = { error: { code: ErrorCode; message: string } };

/** A zod error as one line: "bucket: Too small: expected string to have >=3 characters; mode: Invalid option". */
export function formatIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .map((i) => `${i.path.length ? i.path.map(String).join(".") : "input"}: ${i.message}`)
    .join("; ");
}

/** The names S3, STS and Organizations give "slow down": throttling, to back off from, never a final answer. */
export const THROTTLE_NAMES: ReadonlySet<string> = new Set([
  "SlowDown",
  "Throttling",
  "ThrottlingException",
  "RequestLimitExceeded",
  "TooManyRequests",
]);
