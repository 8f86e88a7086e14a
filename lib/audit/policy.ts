import { matchesWildcard } from "@/lib/wildcard";
/** What a bucket policy says about writers: who may put objects, and whether they must send bofc. */
export type PolicyWriter = {
  sid: string | null;
  principals: string[];
  actions: string[];
  /** The statement only allows the write with `s3:x-amz-acl` = bucket-owner-full-control. */
  requiresBucketOwnerFullControl: boolean;
};

export type PolicyAnalysis = {
  writers: PolicyWriter[];
  /** A Deny statement refuses every PutObject that does not carry bucket-owner-full-control. */
  denyWithoutBucketOwnerFullControl: boolean;
  /** Every writer is held to bofc, by its own condition or by a deny statement. False when any writer is not. */
  requiresBucketOwnerFullControl: boolean;
  error: string | null;
};

type Statement = {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
};

/** The canned ACL that gives the bucket owner full control of an object another account writes. */
export const BOFC = "bucket-owner-full-control";
export const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** A policy document's statements (one or a list), as the caller types them; null when it is not JSON. */
export function statementsOf<S>(document: string): S[] | null {
  try {
    const parsed = JSON.parse(document) as { Statement?: S | S[] };
    return parsed.Statement === undefined
      ? []
      : Array.isArray(parsed.Statement)
        ? parsed.Statement
        : [parsed.Statement];
  } catch {
    return null;
  }
}

/** Does an action pattern (with * and ? wildcards, case-insensitive as IAM matches) cover s3:PutObject? */
export function coversPutObject(pattern: string): boolean {
  return matchesWildcard(pattern, "s3:PutObject", { question: true, ignoreCase: true });
}

export function principalsOf(principal: unknown): string[] {
  if (principal === "*") return ["*"];
  if (principal && typeof principal === "object") {
    return Object.entries(principal as Record<string, string | string[]>).flatMap(([type, v]) =>
      // String(): a document from an endpoint that does not validate policies may hold numbers where AWS has text.
      list(v).map((p) => (type === "AWS" ? String(p) : `${type}:${String(p)}`)),
    );
  }
  return [];
}

/** The values a condition block requires of `s3:x-amz-acl` under the given operators. */
function aclConditionValues(condition: Statement["Condition"], operators: string[]): string[] {
  if (!condition) return [];
  return Object.entries(condition)
    .filter(([op]) => operators.includes(op.replace(/^ForAnyValue:|^ForAllValues:/, "")))
    .flatMap(([, block]) =>
      Object.entries(block)
        .filter(([key]) => key.toLowerCase() === "s3:x-amz-acl")
        .flatMap(([, v]) => list(v)),
    );
}

function writesObjects(s: Statement): boolean {
  if (s.NotAction !== undefined) return !list(s.NotAction).some(coversPutObject);
  return list(s.Action).some(coversPutObject);
}

/**
 * Reads a bucket policy document. `bucketOwnerPrincipals` are principals of the bucket's own account (its root ARN
 * or account ID, where known), which are not "other" writers.
 */
export function analyzePolicy(
  document: string | null,
  bucketOwnerPrincipals: readonly string[] = [],
): PolicyAnalysis {
  const empty: PolicyAnalysis = {
    writers: [],
    denyWithoutBucketOwnerFullControl: false,
    requiresBucketOwnerFullControl: true,
    error: null,
  };
  if (!document) return empty;
  const statements = statementsOf<Statement>(document);
  if (!statements)
    return { ...empty, requiresBucketOwnerFullControl: false, error: "the bucket policy is not valid JSON" };

  const writers: PolicyWriter[] = [];
  let deny = false;
  for (const s of statements) {
    if (!writesObjects(s)) continue;
    if (s.Effect === "Deny") {
      const notEquals = aclConditionValues(s.Condition, ["StringNotEquals", "StringNotLike"]);
      const everyone = s.Principal === "*" || principalsOf(s.Principal).includes("*");
      if (everyone && notEquals.length > 0 && notEquals.every((v) => v === BOFC)) deny = true;
      continue;
    }
    if (s.Effect !== "Allow") continue;
    const principals = s.NotPrincipal !== undefined ? ["* (NotPrincipal)"] : principalsOf(s.Principal);
    const others = principals.filter((p) => !bucketOwnerPrincipals.includes(p));
    if (others.length === 0) continue;
    const equals = aclConditionValues(s.Condition, ["StringEquals", "StringLike"]);
    writers.push({
      sid: typeof s.Sid === "string" ? s.Sid : null,
      principals: others,
      actions: list(s.Action).map(String),
      requiresBucketOwnerFullControl: equals.length > 0 && equals.every((v) => v === BOFC),
    });
  }
  return {
    writers,
    denyWithoutBucketOwnerFullControl: deny,
    requiresBucketOwnerFullControl: deny || writers.every((w) => w.requiresBucketOwnerFullControl),
    error: null,
  };
}
