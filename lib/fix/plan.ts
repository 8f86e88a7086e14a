import { archivedClasses } from "@/lib/fix/snapshot";
import { decide, type Decision, type FixAbilities, type FixSubject, type Strategy } from "@/lib/fix/strategy";

/** S3's single-request copy limit; above it a copy goes through multipart UploadPartCopy. */
export const COPY_LIMIT_BYTES = 5 * 1024 ** 3;
export const PART_BYTES = 512 * 1024 ** 2;

// US-region list prices per 1,000 requests (DOMAIN.md §5).
const PRICE_PUT_CLASS = 0.005 / 1000;
const PRICE_GET_CLASS = 0.0004 / 1000;

export type PlannedObject = {
  key: string;
  versionId: string | null;
  ownerId: string | null;
  size: number;
  decision: Decision;
  /** Who sends the requests: the owning account's fixer, or the bucket owner. */
  actor: string | null;
  requests: { get: number; put: number; names: string[] };
  effects: string[];
};

export type PlanContext = FixAbilities & {
  versioning: "Enabled" | "Suspended" | "Disabled" | "unknown";
  copyLimitBytes?: number;
  partBytes?: number;
};

/**
 * The requests of one copy in place. Counted: those always sent. Named too: the tag round trip a tagged object adds
 * (the plan cannot know the tags; the fix reads them where HeadObject counts some, and always before a multipart copy).
 * A copy right after another starts from what the first one wrote: it reads nothing first.
 */
function copyRequests(size: number, ctx: PlanContext, readsFirst: boolean) {
  const limit = ctx.copyLimitBytes ?? COPY_LIMIT_BYTES;
  const multipart = size > limit;
  const reads = !readsFirst
    ? []
    : multipart
      ? ["HeadObject", "GetObjectTagging"]
      : ["HeadObject", "GetObjectTagging (if tagged)"];
  const parts = Math.ceil(size / (ctx.partBytes ?? PART_BYTES));
  const writes = multipart
    ? ["CreateMultipartUpload", `UploadPartCopy x${parts}`, "CompleteMultipartUpload"]
    : ["CopyObject"];
  return {
    // HeadObject, and GetObjectTagging where it is always sent (before a multipart copy).
    get: readsFirst ? (multipart ? 2 : 1) : 0,
    put: multipart ? parts + 2 : 1,
    names: [...reads, ...writes, "PutObjectTagging (if tagged)"],
  };
}

/** The dry run for one object: the decision, who acts, which requests, and every side effect to expect. */
export function planObject(
  subject: FixSubject,
  ctx: PlanContext,
  requested: Exclude<Strategy, "enforce"> | null,
): PlannedObject {
  let decision = decide(subject, ctx, requested);
  const effects: string[] = [];
  let requests = { get: 0, put: 0, names: [] as string[] };
  const copies =
    decision.kind === "fix" && (decision.strategy !== "grant" || decision.then === "take-ownership");
  if (decision.kind === "fix" && copies && archivedClasses.has(subject.storageClass ?? "")) {
    decision = {
      kind: "impossible",
      reason: `stored in ${subject.storageClass}: restore it before it can be copied (or use grant)`,
    };
  }
  if (decision.kind === "fix") {
    const steps = [decision.strategy, ...(decision.then ? [decision.then] : [])];
    for (const [i, step] of steps.entries()) {
      const r =
        step === "grant"
          ? { get: 0, put: 1, names: ["PutObjectAcl"] }
          : copyRequests(subject.size, ctx, i === 0 || steps[i - 1] === "grant");
      requests = {
        get: requests.get + r.get + 1,
        put: requests.put + r.put,
        names: [...requests.names, ...r.names, "GetObjectAcl (verify)"],
      };
    }
    if (copies) {
      effects.push(`storage class ${subject.storageClass ?? "STANDARD"} restated`);
      effects.push(
        "Content-Type, Cache-Control, Content-Disposition, Content-Encoding, Content-Language, Expires and user metadata restated",
      );
      effects.push("tags, if any, read before the copy and put back after it");
      effects.push(
        "encryption restated from the object's headers (a KMS key in another account is reported)",
      );
      effects.push("Object Lock retention and legal holds are not copied: a locked version stays as it is");
      if (subject.size > (ctx.copyLimitBytes ?? COPY_LIMIT_BYTES))
        effects.push("over 5 GB: copied in parts (UploadPartCopy)");
      if (ctx.versioning === "Enabled" || ctx.versioning === "Suspended") {
        effects.push(
          "versioned bucket: the copy is a new version; the old, foreign-owned version stays as a noncurrent version",
        );
      }
    }
    if (steps.includes("grant")) {
      effects.push(
        "the object's ACL is replaced by owner FULL_CONTROL plus bucket owner FULL_CONTROL; other grants are dropped",
      );
    }
    const end =
      steps[steps.length - 1] === "take-ownership"
        ? "ends owned by the bucket owner"
        : "owner unchanged; the bucket owner gets FULL_CONTROL";
    effects.unshift(end);
  }
  const actor =
    decision.kind !== "fix"
      ? null
      : decision.actor === "fixer"
        ? `fixer of ${subject.ownerId ? ctx.accountName(subject.ownerId) : "the owner"}`
        : "the bucket owner";
  return {
    key: subject.key,
    versionId: subject.versionId,
    ownerId: subject.ownerId,
    size: subject.size,
    decision,
    actor,
    requests,
    effects,
  };
}

export type PlanTotals = {
  objects: number;
  toFix: number;
  skipped: number;
  impossible: number;
  bytes: number;
  requests: number;
  estimatedCostUsd: number;
  estimatedSeconds: number;
};

/**
 * Totals of a plan: requests always sent (a tagged object adds two), their list-price cost, and time at
 * `requestsPerSecond` (measured on the lab with bench:fix).
 */
export function planTotals(objects: PlannedObject[], requestsPerSecond = 400): PlanTotals {
  let get = 0;
  let put = 0;
  let bytes = 0;
  const count = { fix: 0, skip: 0, impossible: 0 };
  for (const o of objects) {
    count[o.decision.kind]++;
    if (o.decision.kind === "fix") {
      get += o.requests.get;
      put += o.requests.put;
      bytes += o.size;
    }
  }
  return {
    objects: objects.length,
    toFix: count.fix,
    skipped: count.skip,
    impossible: count.impossible,
    bytes,
    requests: get + put,
    estimatedCostUsd: Math.round((get * PRICE_GET_CLASS + put * PRICE_PUT_CLASS) * 1e6) / 1e6,
    estimatedSeconds: Math.ceil((get + put) / requestsPerSecond),
  };
}
