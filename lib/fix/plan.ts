import type { Grant } from "@/lib/audit/types";
import { describeGrant, otherGrants, planGrants } from "@/lib/fix/grants";
import { archivedClasses } from "@/lib/fix/snapshot";
import { decide, type Decision, type FixAbilities, type FixSubject, type Strategy } from "@/lib/fix/strategy";

/** S3's single-request copy limit; above it a copy goes through multipart UploadPartCopy. */
export const COPY_LIMIT_BYTES = 5 * 1024 ** 3;
export const PART_BYTES = 512 * 1024 ** 2;

// AWS's US-region list prices per 1,000 requests.
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
  /**
   * The grants beyond the owner and the bucket owner, and what the fix does with each: kept (restated) or dropped
   * (public ones unless the plan keeps them). Unknown where the scan could not read the ACL. Null when not fixed.
   */
  grants: { kept: Grant[]; dropped: { grant: Grant; why: string }[]; unknown: boolean } | null;
};

export type PlanContext = FixAbilities & {
  versioning: "Enabled" | "Suspended" | "Disabled" | "unknown";
  /** Restate public grants (AllUsers, AuthenticatedUsers) too; by default a fix drops them, and says so. */
  keepPublicGrants?: boolean;
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
// eslint-disable-next-line max-lines-per-function -- one decision table per object; the strategies' conditions read best side by side
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
        "the ACL becomes owner FULL_CONTROL plus bucket owner FULL_CONTROL, other grants as listed",
      );
    }
    const takes = steps[steps.length - 1] === "take-ownership";
    effects.unshift(
      takes ? "ends owned by the bucket owner" : "owner unchanged; the bucket owner gets FULL_CONTROL",
    );
    if (takes && subject.ownerId)
      effects.push(`${ctx.accountName(subject.ownerId)} loses the access it had as the owner`);
  }
  let grants: PlannedObject["grants"] = null;
  if (decision.kind === "fix") {
    const unknown = subject.grants === null;
    const others = otherGrants(subject.grants ?? [], [subject.ownerId, ctx.bucketOwnerId]);
    grants = { ...planGrants(others, ctx.keepPublicGrants ?? false), unknown };
    if (unknown)
      effects.push(
        "its ACL could not be read: grants to anyone else are read just before the write and restated (a public one stops the fix)",
      );
    for (const g of grants.kept) effects.push(`keeps ${describeGrant(g, ctx.accountName)}`);
    for (const d of grants.dropped)
      effects.push(`drops ${describeGrant(d.grant, ctx.accountName)}: ${d.why}`);
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
    grants,
  };
}

/** One grantee's grant across a plan: on how many objects the fix keeps it, or drops it. */
export type GrantTotal = { grant: string; kept: boolean; objects: number };

export type PlanTotals = {
  objects: number;
  toFix: number;
  skipped: number;
  impossible: number;
  bytes: number;
  requests: number;
  estimatedCostUsd: number;
  estimatedSeconds: number;
  /** "412 objects keep READ to LogDelivery", most objects first. */
  grants: GrantTotal[];
  /** Objects to fix whose ACL the scan could not read. */
  grantsUnknown: number;
  /** The plan by what it does: fixes first, then what is left alone, most objects first within each. */
  groups: PlanGroup[];
  /**
   * The writers whose objects end owned by the bucket owner, and on how many: each loses the access it had as the
   * owner there (most objects first; past 100 writers the rest are counted as one line).
   */
  ownersLosing: { owner: string; objects: number }[];
};

/** Objects a plan treats alike: the same strategy by the same actor, or the same reason to leave them alone. */
export type PlanGroup = {
  decision: Decision["kind"];
  /** The strategy ("reput then take-ownership"), or why the objects are left alone. */
  what: string;
  actor: string | null;
  objects: number;
  bytes: number;
  /** The requests for the group's first object, in order (a larger or tagged one may add some). */
  requests: string[];
};

/**
 * Distinct groups kept apart, by kind; past this the rest of a kind are counted together. Each kind has its own bound,
 * so that reasons to leave objects alone (some carry an S3 error's text) never crowd out who fixes what; fixes come
 * in few strategies times the accounts given a fixer.
 */
const MAX_GROUPS: Record<Decision["kind"], number> = { fix: 200, skip: 50, impossible: 50 };
const decisionOrder: Record<Decision["kind"], number> = { fix: 0, skip: 1, impossible: 2 };

/** Distinct grantees kept apart in the totals; the rest are counted together (grantees come from S3: bounded). */
const MAX_GRANT_TOTALS = 100;

/**
 * Totals of a plan, added up one object at a time so a plan of any size is counted in constant memory: requests
 * always sent (a tagged object adds two), their list-price cost, time at `requestsPerSecond` (measured on the lab
 * with bench:fix), and every grant the fix keeps or drops.
 */
export class PlanTally {
  private get = 0;
  private put = 0;
  private bytes = 0;
  private count = { fix: 0, skip: 0, impossible: 0 };
  private grantsUnknown = 0;
  private grants = new Map<string, GrantTotal>();
  private groups = new Map<string, PlanGroup>();
  private groupsOf: Record<Decision["kind"], number> = { fix: 0, skip: 0, impossible: 0 };
  private ownersLosing = new Map<string, number>();

  constructor(
    private readonly requestsPerSecond = 400,
    private readonly accountName: (canonicalId: string) => string = (id) => id,
  ) {}

  add(o: PlannedObject): void {
    this.count[o.decision.kind]++;
    this.addToGroup(o);
    if (o.decision.kind !== "fix") return;
    this.get += o.requests.get;
    this.put += o.requests.put;
    this.bytes += o.size;
    if (o.grants?.unknown) this.grantsUnknown++;
    const d = o.decision;
    if (o.ownerId && (d.then ?? d.strategy) === "take-ownership") {
      const owner = this.accountName(o.ownerId);
      const id =
        this.ownersLosing.has(owner) || this.ownersLosing.size < MAX_GRANT_TOTALS ? owner : "other writers";
      this.ownersLosing.set(id, (this.ownersLosing.get(id) ?? 0) + 1);
    }
    for (const [grant, kept] of [
      ...(o.grants?.kept ?? []).map((g) => [describeGrant(g, this.accountName), true] as const),
      ...(o.grants?.dropped ?? []).map((d) => [describeGrant(d.grant, this.accountName), false] as const),
    ]) {
      const id =
        this.grants.has(`${kept}${grant}`) || this.grants.size < MAX_GRANT_TOTALS ? grant : "other grants";
      const total = this.grants.get(`${kept}${id}`) ?? { grant: id, kept, objects: 0 };
      total.objects++;
      this.grants.set(`${kept}${id}`, total);
    }
  }

  private addToGroup(o: PlannedObject): void {
    const d = o.decision;
    const what = d.kind === "fix" ? `${d.strategy}${d.then ? ` then ${d.then}` : ""}` : d.reason;
    const id = JSON.stringify([d.kind, what, o.actor]);
    let group = this.groups.get(id);
    if (!group && this.groupsOf[d.kind] >= MAX_GROUPS[d.kind]) {
      // Past the bound of its kind, an object joins that kind's one "other" line (the key cannot clash with a real
      // group's: those are JSON arrays).
      group = this.groups.get(d.kind) ?? {
        decision: d.kind,
        what: d.kind === "fix" ? "other strategies and actors" : "other reasons",
        actor: null,
        objects: 0,
        bytes: 0,
        requests: [],
      };
      this.groups.set(d.kind, group);
    } else if (!group) {
      group = {
        decision: d.kind,
        what,
        actor: o.actor,
        objects: 0,
        bytes: 0,
        requests: d.kind === "fix" ? o.requests.names : [],
      };
      this.groups.set(id, group);
      this.groupsOf[d.kind]++;
    }
    group.objects++;
    group.bytes += o.size;
  }

  totals(): PlanTotals {
    const { get, put } = this;
    return {
      objects: this.count.fix + this.count.skip + this.count.impossible,
      toFix: this.count.fix,
      skipped: this.count.skip,
      impossible: this.count.impossible,
      bytes: this.bytes,
      requests: get + put,
      estimatedCostUsd: Math.round((get * PRICE_GET_CLASS + put * PRICE_PUT_CLASS) * 1e6) / 1e6,
      estimatedSeconds: Math.ceil((get + put) / this.requestsPerSecond),
      grants: [...this.grants.values()].sort((a, b) => b.objects - a.objects),
      grantsUnknown: this.grantsUnknown,
      groups: [...this.groups.values()].sort(
        (a, b) => decisionOrder[a.decision] - decisionOrder[b.decision] || b.objects - a.objects,
      ),
      ownersLosing: [...this.ownersLosing]
        .map(([owner, objects]) => ({ owner, objects }))
        .sort((a, b) => b.objects - a.objects),
    };
  }
}

export function planTotals(objects: Iterable<PlannedObject>, requestsPerSecond = 400): PlanTotals {
  const tally = new PlanTally(requestsPerSecond);
  for (const o of objects) tally.add(o);
  return tally.totals();
}
