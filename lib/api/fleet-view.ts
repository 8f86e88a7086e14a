import "server-only";
import { z } from "zod";
import { fleetDirectoryMap } from "@/lib/api/fleet";
import type { Db } from "@/lib/db";
import { getFleetSettings, listFleetAccounts } from "@/lib/db/fleet";
import { latestFleetRun, type FleetRun } from "@/lib/db/fleet-runs";
import { fleetBucketRows } from "@/lib/db/fleet-view";
import { fleetConnectionId } from "@/lib/fleet/access";
import {
  daysFailing,
  matchesFilter,
  problemCounts,
  problems,
  rankBuckets,
  type FleetFilter,
  type Problem,
} from "@/lib/fleet/rank";
import type { FleetAccountView, FleetBucketView, FleetChoices, ProblemCount } from "@/lib/fleet/view";

// The fleet view's data: the organization's buckets ranked by risk under the URL's filters, "X of Y buckets" per
// problem, each OU's and account's totals, and the choices each filter offers.

const text = z.string().max(300).catch("");
export const fleetFilterSchema = z.object({
  ou: text.default(""),
  account: text.default(""),
  tag: text.default(""),
  region: text.default(""),
  problem: z
    .enum(Object.keys(problems) as [Problem, ...Problem[]])
    .or(z.literal(""))
    .catch("")
    .default(""),
  show: z.coerce.number().int().min(1).max(100_000).catch(100).default(100),
});

export type FleetViewQuery = z.output<typeof fleetFilterSchema>;

export function fleetView(db: Db, query: FleetViewQuery, now = new Date()): FleetViewData | null {
  const settings = getFleetSettings(db);
  if (!settings) return null;
  const directory = fleetDirectoryMap(db);
  const ctx = { inOrganization: (id: string) => directory.has(id), now };
  const all = fleetBucketRows(db);
  const filter: FleetFilter = query;
  const rows = rankBuckets(
    all.filter((r) => matchesFilter(r, filter, ctx)),
    ctx,
  );
  const unfiltered = { ...filter, problem: "" as const };
  const inScope = all.filter((r) => matchesFilter(r, unfiltered, ctx));
  const counts = problemCounts(inScope, ctx);
  const accounts = listFleetAccounts(db);
  const byAccount = new Map<string, { foreign: number; locked: number; failing: number; buckets: number }>();
  for (const r of inScope) {
    const a = byAccount.get(r.accountId) ?? { foreign: 0, locked: 0, failing: 0, buckets: 0 };
    a.buckets++;
    a.foreign += r.foreignObjects;
    a.locked += r.lockedObjects;
    if (r.state === "failed") a.failing++;
    byAccount.set(r.accountId, a);
  }
  const writerName = (id: string) => {
    const a = directory.get(id);
    return a ? a.name : `outside the organization (${id})`;
  };
  return {
    run: latestFleetRun(db) ?? null,
    total: inScope.length,
    matching: rows.length,
    problems: (Object.keys(problems) as Problem[]).map((p) => ({
      problem: p,
      label: problems[p],
      buckets: counts[p],
    })),
    buckets: rows.slice(0, query.show).map((r) => ({
      ...r,
      href: `/connections/${fleetConnectionId(r.accountId)}/buckets/${encodeURIComponent(r.bucket)}`,
      daysFailing: daysFailing(r, now),
      writerNames: r.writers.map(writerName),
      outside: r.writers.some((w) => !directory.has(w)),
    })),
    accounts: accounts
      .filter((a) => byAccount.has(a.id) || a.health !== "ok")
      .map((a) => ({
        id: a.id,
        name: a.name,
        ouPath: a.ouPath,
        health: a.health,
        healthDetail: a.healthDetail,
        daysFailing: a.failingSince
          ? Math.floor((now.getTime() - Date.parse(a.failingSince)) / 86_400_000)
          : 0,
        ...(byAccount.get(a.id) ?? { foreign: 0, locked: 0, failing: 0, buckets: 0 }),
      }))
      .sort((x, y) => y.locked - x.locked || y.foreign - x.foreign || x.name.localeCompare(y.name)),
    choices: {
      ous: [...new Set(all.flatMap((r) => r.ouPath))].sort(),
      accounts: accounts.map((a) => ({ id: a.id, name: a.name })),
      tags: [...new Set(all.flatMap((r) => Object.entries(r.tags).map(([k, v]) => `${k}=${v}`)))].sort(),
      regions: [...new Set(all.map((r) => r.region ?? "").filter(Boolean))].sort(),
    },
  };
}

export type FleetViewData = {
  run: FleetRun | null;
  total: number;
  matching: number;
  problems: ProblemCount[];
  buckets: FleetBucketView[];
  accounts: FleetAccountView[];
  choices: FleetChoices;
};
