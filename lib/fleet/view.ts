// What the fleet view shows, built from the stored rows by a pure function, on the server for every view the URL
// names (the browser gets the page of rows it shows and the counts) and in the browser once it has every row. It
// reads the rows once, in the order given, and keeps only the page it shows and the counts: the server hands it a
// cursor over the database, so a fleet of any size is never held whole.
import type { FleetBucketRow } from "@/lib/fleet/bucket-row";
import { isOutside, writerName, type Directory } from "@/lib/fleet/directory";
import {
  byRisk,
  daysFailing,
  hasProblem,
  matchesFilter,
  problems,
  ranked,
  type Problem,
  type Ranked,
} from "@/lib/fleet/rank";
import { FleetWritersTally, type FleetWriter } from "@/lib/fleet/writers";
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

export type FleetWriterView = FleetWriter & {
  name: string;
  outside: boolean;
  /** The writers page of the bucket where it owns the most objects the owner cannot read. */
  href: string;
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

/** What the view is built from: the rows may be a cursor, read once. */
export type FleetViewSource = Omit<FleetViewInput, "rows"> & { rows: Iterable<FleetBucketRow> };

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
  /** Accounts in view, of which `accounts` shows the riskiest. */
  accountsTotal: number;
  choices: FleetChoices;
  /** The organization's writers over the buckets in view (all problems), the most locked objects first. */
  writers: FleetWriterView[];
  writersTotal: number;
};

const DAY = 86_400_000;
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The `limit` riskiest of the rows added, holding at most about twice that many at any time. */
function riskiest(limit: number) {
  let kept: Ranked[] = [];
  return {
    add(r: Ranked) {
      kept.push(r);
      if (kept.length >= 2 * limit + 64) kept = kept.sort(byRisk).slice(0, limit);
    },
    /** A stable sort, so that equal risks keep the order the rows came in. */
    rows: () =>
      kept
        .sort(byRisk)
        .slice(0, limit)
        .map((k) => k.row),
  };
}

/** The writers shown: the 20 with the most objects their owners cannot read, named through the directory. */
function writersOf(tally: FleetWritersTally, directory: Directory) {
  const { writers, total } = tally.result(20);
  return {
    writersTotal: total,
    writers: writers.map((w) => ({
      ...w,
      name: writerName(directory, w.id),
      outside: isOutside(directory, w.id),
      href: `/connections/acct-${w.worst.accountId}/buckets/${encodeURIComponent(w.worst.bucket)}/writers`,
    })),
  };
}

/** Accounts shown at most (besides every one that cannot be scanned): a page is not a list of thousands. */
export const MAX_SHOWN_ACCOUNTS = 200;

/** The accounts in view with their buckets' totals, riskiest first: at most MAX_SHOWN_ACCOUNTS and the failing ones. */
function accountsOf(
  input: FleetViewSource,
  query: FleetViewQuery,
  totals: Map<string, AccountTotals>,
  now: Date,
): { accounts: FleetAccountView[]; accountsTotal: number } {
  const failing = (a: { health: string | null }) => a.health !== null && a.health !== "ok";
  const all = input.accounts
    .filter((a) => totals.has(a.id) || (failing(a) && !query.account) || a.id === query.account)
    .map((a) => ({
      id: a.id,
      name: a.name,
      ouPath: a.ouPath,
      health: a.health,
      healthDetail: a.healthDetail,
      daysFailing: a.failingSince ? Math.floor((now.getTime() - Date.parse(a.failingSince)) / DAY) : 0,
      ...(totals.get(a.id) ?? { foreign: 0, locked: 0, failing: 0, buckets: 0 }),
    }))
    .sort((x, y) => y.locked - x.locked || y.foreign - x.foreign || byText(x.name, y.name));
  return {
    accounts: all.filter((a, i) => i < MAX_SHOWN_ACCOUNTS || failing(a)),
    accountsTotal: all.length,
  };
}

type AccountTotals = { foreign: number; locked: number; failing: number; buckets: number };

export function buildFleetView(input: FleetViewSource, query: FleetViewQuery, now: Date): FleetViewData {
  const ctx = { isOutside: (id: string) => isOutside(input.directory, id), now };
  const scope = { ...query, problem: "" as const };
  const problemNames = Object.keys(problems) as Problem[];
  const counts = Object.fromEntries(problemNames.map((p) => [p, 0])) as Record<Problem, number>;
  const totals = new Map<string, AccountTotals>();
  const ous = new Set<string>();
  const tags = new Set<string>();
  const regions = new Set<string>();
  const page = riskiest(query.show);
  const writers = new FleetWritersTally();
  let failingBuckets = 0;
  let total = 0;
  let matching = 0;
  for (const r of input.rows) {
    for (const ou of r.ouPath) ous.add(ou);
    for (const [k, v] of Object.entries(r.tags)) tags.add(`${k}=${v}`);
    if (r.region) regions.add(r.region);
    if (r.state !== "scanned") failingBuckets++;
    if (!matchesFilter(r, scope, ctx)) continue;
    total++;
    for (const p of problemNames) if (hasProblem(r, p, ctx)) counts[p]++;
    const t = totals.get(r.accountId) ?? { foreign: 0, locked: 0, failing: 0, buckets: 0 };
    t.buckets++;
    t.foreign += r.foreignObjects;
    t.locked += r.lockedObjects;
    if (r.state === "failed") t.failing++;
    totals.set(r.accountId, t);
    writers.add(r);
    if (query.problem && !hasProblem(r, query.problem, ctx)) continue;
    matching++;
    page.add(ranked(r, ctx));
  }
  return {
    run: input.run,
    failingAccounts: input.accounts.filter((a) => a.health !== null && a.health !== "ok").length,
    failingBuckets,
    total,
    matching,
    problems: problemNames.map((p) => ({ problem: p, label: problems[p], buckets: counts[p] })),
    buckets: page.rows().map((r) => ({
      ...r,
      href: `/connections/acct-${r.accountId}/buckets/${encodeURIComponent(r.bucket)}`,
      daysFailing: daysFailing(r, now),
      writerNames: r.writers.map((w) => writerName(input.directory, w)),
      outside: r.writers.some(ctx.isOutside),
    })),
    ...accountsOf(input, query, totals, now),
    choices: {
      ous: [...ous].sort(byText),
      accounts: input.accounts.map((a) => ({ id: a.id, name: a.name })),
      tags: [...tags].sort(byText),
      regions: [...regions].sort(byText),
    },
    ...writersOf(writers, input.directory),
  };
}
