// What the fleet view shows, built from the stored rows by a pure function on the server for every view the URL
// names: the browser gets the page of rows it shows and the counts, never every row.
import type { FleetBucketRow } from "@/lib/fleet/bucket-row";
import { isOutside, writerName, type Directory } from "@/lib/fleet/directory";
import {
  daysFailing,
  matchesFilter,
  problemCounts,
  problems,
  rankBuckets,
  type Problem,
} from "@/lib/fleet/rank";
import type { FleetViewQuery } from "@/lib/schemas/fleet";

export type FleetBucketView = FleetBucketRow & {
  href: string;
  daysFailing: number;
  writerNames: string[];
  /** A writer outside the organization wrote some of its foreign objects. */
  outside: boolean;
};

export type FleetAccountView = {
  id: string;
  name: string;
  ouPath: string[];
  health: string | null;
  healthDetail: string | null;
  daysFailing: number;
  buckets: number;
  foreign: number;
  locked: number;
  failing: number;
};

export type ProblemCount = { problem: Problem; label: string; buckets: number };

export type FleetChoices = {
  ous: string[];
  accounts: { id: string; name: string }[];
  tags: string[];
  regions: string[];
};

/** What the server reads once: the rows, the accounts, and the organization's directory of canonical IDs. */
export type FleetViewInput = {
  run: { id: number; status: string; finishedAt: string | null; interrupted: boolean } | null;
  rows: FleetBucketRow[];
  accounts: {
    id: string;
    name: string;
    ouPath: string[];
    health: string | null;
    healthDetail: string | null;
    failingSince: string | null;
  }[];
  directory: Directory;
};

export type FleetViewData = {
  run: FleetViewInput["run"];
  /** Accounts whose last check failed, and buckets failed or not scanned yet: what "retry the failed ones" takes. */
  failingAccounts: number;
  failingBuckets: number;
  total: number;
  matching: number;
  problems: ProblemCount[];
  buckets: FleetBucketView[];
  accounts: FleetAccountView[];
  choices: FleetChoices;
};

const DAY = 86_400_000;
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function buildFleetView(input: FleetViewInput, query: FleetViewQuery, now: Date): FleetViewData {
  const ctx = { isOutside: (id: string) => isOutside(input.directory, id), now };
  const all = input.rows;
  const rows = rankBuckets(
    all.filter((r) => matchesFilter(r, query, ctx)),
    ctx,
  );
  const inScope = all.filter((r) => matchesFilter(r, { ...query, problem: "" }, ctx));
  const counts = problemCounts(inScope, ctx);
  const totals = new Map<string, { foreign: number; locked: number; failing: number; buckets: number }>();
  for (const r of inScope) {
    const t = totals.get(r.accountId) ?? { foreign: 0, locked: 0, failing: 0, buckets: 0 };
    t.buckets++;
    t.foreign += r.foreignObjects;
    t.locked += r.lockedObjects;
    if (r.state === "failed") t.failing++;
    totals.set(r.accountId, t);
  }
  return {
    run: input.run,
    failingAccounts: input.accounts.filter((a) => a.health !== null && a.health !== "ok").length,
    failingBuckets: all.filter((r) => r.state !== "scanned").length,
    total: inScope.length,
    matching: rows.length,
    problems: (Object.keys(problems) as Problem[]).map((p) => ({
      problem: p,
      label: problems[p],
      buckets: counts[p],
    })),
    buckets: rows.slice(0, query.show).map((r) => ({
      ...r,
      href: `/connections/acct-${r.accountId}/buckets/${encodeURIComponent(r.bucket)}`,
      daysFailing: daysFailing(r, now),
      writerNames: r.writers.map((w) => writerName(input.directory, w)),
      outside: r.writers.some(ctx.isOutside),
    })),
    accounts: input.accounts
      .filter(
        (a) =>
          totals.has(a.id) ||
          (a.health !== null && a.health !== "ok" && !query.account) ||
          a.id === query.account,
      )
      .map((a) => ({
        id: a.id,
        name: a.name,
        ouPath: a.ouPath,
        health: a.health,
        healthDetail: a.healthDetail,
        daysFailing: a.failingSince ? Math.floor((now.getTime() - Date.parse(a.failingSince)) / DAY) : 0,
        ...(totals.get(a.id) ?? { foreign: 0, locked: 0, failing: 0, buckets: 0 }),
      }))
      .sort((x, y) => y.locked - x.locked || y.foreign - x.foreign || byText(x.name, y.name)),
    choices: {
      ous: [...new Set(all.flatMap((r) => r.ouPath))].sort(byText),
      accounts: input.accounts.map((a) => ({ id: a.id, name: a.name })),
      tags: [...new Set(all.flatMap((r) => Object.entries(r.tags).map(([k, v]) => `${k}=${v}`)))].sort(
        byText,
      ),
      regions: [...new Set(all.map((r) => r.region ?? "").filter(Boolean))].sort(byText),
    },
  };
}
