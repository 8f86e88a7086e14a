// The fleet view's order and its problems, pure. A bucket's risk is told in tiers an operator can check by eye:
// objects the owner cannot read that an account outside the organization wrote, then those an account inside it
// wrote, then public grants or foreign objects the owner can still read, then buckets that fail to scan (unknown,
// longest failing first), then clean ones. Within a tier: more unreadable objects first, then more foreign bytes.
import type { FleetBucketRow } from "@/lib/fleet/bucket-row";

export type RankContext = {
  /** Is this owner known to be outside the organization (lib/fleet/directory.ts)? */
  isOutside: (canonicalId: string) => boolean;
  now: Date;
};

const DAY = 86_400_000;
/** A foreign object this recent means its writer is still writing. */
export const STILL_WRITING_DAYS = 7;

export const daysFailing = (row: FleetBucketRow, now: Date) =>
  row.failingSince ? Math.floor((now.getTime() - Date.parse(row.failingSince)) / DAY) : 0;

export const problems = {
  locked: "foreign objects the owner cannot read",
  outside: "written by an account outside the organization",
  foreign: "foreign objects",
  public: "public grants (among the keys whose ACL was read: the foreign ones, in a fast scan)",
  writing: `a writer still writing (a foreign object in the last ${STILL_WRITING_DAYS} days)`,
  failing: "failing to scan",
} as const;

export type Problem = keyof typeof problems;

export function hasProblem(row: FleetBucketRow, problem: Problem, ctx: RankContext): boolean {
  switch (problem) {
    case "locked":
      return row.lockedObjects > 0;
    case "outside":
      return row.writers.some((w) => ctx.isOutside(w));
    case "foreign":
      return row.foreignObjects > 0;
    case "public":
      return row.publicObjects > 0;
    case "writing":
      return (
        row.newestForeignAt !== null &&
        ctx.now.getTime() - Date.parse(row.newestForeignAt) < STILL_WRITING_DAYS * DAY
      );
    case "failing":
      return row.state === "failed";
  }
}

export function tierOf(row: FleetBucketRow, ctx: RankContext): number {
  if (row.lockedObjects > 0) return hasProblem(row, "outside", ctx) ? 4 : 3;
  if (row.publicObjects > 0 || row.foreignObjects > 0) return 2;
  if (row.state === "failed") return 1;
  return 0;
}

/** A row with what its rank is computed from, so a comparison does not compute it again. */
export type Ranked = { row: FleetBucketRow; tier: number; failing: number };

export const ranked = (row: FleetBucketRow, ctx: RankContext): Ranked => ({
  row,
  tier: tierOf(row, ctx),
  failing: daysFailing(row, ctx.now),
});

/** Riskier first; equal risk by bucket name (code units: these are bucket names, ASCII by S3's rules). */
export const byRisk = (a: Ranked, b: Ranked) =>
  b.tier - a.tier ||
  b.row.lockedObjects - a.row.lockedObjects ||
  b.row.foreignBytes - a.row.foreignBytes ||
  b.row.foreignObjects - a.row.foreignObjects ||
  b.failing - a.failing ||
  (a.row.bucket < b.row.bucket ? -1 : a.row.bucket > b.row.bucket ? 1 : 0);

/** The rows, riskiest first (a new array). */
export const rankBuckets = (rows: FleetBucketRow[], ctx: RankContext): FleetBucketRow[] =>
  rows
    .map((row) => ranked(row, ctx))
    .sort(byRisk)
    .map((k) => k.row);

/** The view's filters, as its URL spells them; empty strings are no filter. */
export type FleetFilter = { ou: string; account: string; tag: string; region: string; problem: Problem | "" };

export function matchesFilter(row: FleetBucketRow, f: FleetFilter, ctx: RankContext): boolean {
  if (f.ou && !row.ouPath.includes(f.ou) && !row.ouIds.includes(f.ou)) return false;
  if (f.account && row.accountId !== f.account) return false;
  if (f.region && (row.region ?? "") !== f.region) return false;
  if (f.tag) {
    const at = f.tag.indexOf("=");
    const [k, v] = at === -1 ? [f.tag, null] : [f.tag.slice(0, at), f.tag.slice(at + 1)];
    if (!Object.hasOwn(row.tags, k) || (v !== null && row.tags[k] !== v)) return false;
  }
  return !f.problem || hasProblem(row, f.problem, ctx);
}
