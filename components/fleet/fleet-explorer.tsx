"use client";

import { usePathname, useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { FleetAccounts } from "@/components/fleet/fleet-accounts";
import { FleetBuckets } from "@/components/fleet/fleet-buckets";
import { FleetFilters } from "@/components/fleet/fleet-filters";
import { FleetWriters } from "@/components/fleet/fleet-writers";
import { ProblemChips } from "@/components/fleet/problem-chips";
import { Button } from "@/components/ui/button";
import { buildFleetView, type FleetViewData } from "@/lib/fleet/view";
import { useFleetViewInput } from "@/lib/queries/fleet";
import type { FleetViewQuery } from "@/lib/schemas/fleet";

/** The URL of a view: only the filters that filter, so "All" leaves nothing behind and a link stays short. */
function searchOf(query: FleetViewQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== "" && !(k === "show" && v === 100)) params.set(k, String(v));
  const search = params.toString();
  return search ? `?${search}` : "";
}

/**
 * The fleet's buckets and accounts under the filters. The server ranks and filters (lib/fleet/view.ts) and sends
 * the page shown, so the first paint carries no more than that; every row then loads in the background, and from
 * then on a filter is applied here, at once, and written to the URL (replaceState). A filter chosen before the rows
 * have loaded asks the server instead.
 */
export function FleetExplorer({
  view: served,
  query,
  now,
}: {
  view: FleetViewData;
  query: FleetViewQuery;
  now: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const live = served.run?.status === "running" && !served.run.interrupted;
  const loaded = useFleetViewInput(served.run).data;
  const input = live ? undefined : loaded;
  const [chosen, setChosen] = useState(query);
  // A view the URL brought otherwise (back, forward, a link) shows its own choices.
  const [shown, setShown] = useState(query);
  if (JSON.stringify(shown) !== JSON.stringify(query)) {
    setShown(query);
    setChosen(query);
  }
  const local = useMemo(() => input && buildFleetView(input, chosen, new Date(now)), [input, chosen, now]);
  const view = local ?? served;
  const change = (changes: Partial<FleetViewQuery>) => {
    const next = { ...chosen, show: 100, ...changes };
    setChosen(next);
    if (input) window.history.replaceState(null, "", `${pathname}${searchOf(next)}`);
    else startTransition(() => router.replace(`${pathname}${searchOf(next)}`, { scroll: false }));
  };
  return (
    <div className="space-y-4" aria-busy={pending}>
      <FleetFilters
        choices={view.choices}
        query={chosen}
        onChange={(name, value) => change({ [name]: value })}
      />
      <ProblemChips
        problems={view.problems}
        total={view.total}
        current={chosen.problem}
        onChoose={(problem) => change({ problem: problem === chosen.problem ? "" : problem })}
      />
      <div className={pending ? "opacity-60 transition-opacity" : undefined}>
        <h2 className="text-lg font-semibold">
          Buckets by risk{" "}
          <span className="text-sm font-normal text-slate-500" data-testid="fleet-matching">
            {view.matching} of {view.total}
          </span>
        </h2>
        <FleetBuckets buckets={view.buckets} />
        {view.matching > view.buckets.length && (
          <Button variant="link" onClick={() => change({ show: chosen.show * 5 })}>
            Show more ({view.matching - view.buckets.length} not shown)
          </Button>
        )}
        <h2 className="mt-4 text-lg font-semibold">Accounts</h2>
        <FleetAccounts accounts={view.accounts} total={view.accountsTotal} />
        <h2 className="mt-4 text-lg font-semibold">Writers across the organization</h2>
        <FleetWriters writers={view.writers} total={view.writersTotal} />
      </div>
    </div>
  );
}
