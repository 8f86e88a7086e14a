"use client";

import { usePathname, useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FleetAccounts } from "@/components/fleet/fleet-accounts";
import { FleetBuckets } from "@/components/fleet/fleet-buckets";
import { FleetFilters } from "@/components/fleet/fleet-filters";
import { ProblemChips } from "@/components/fleet/problem-chips";
import { Button } from "@/components/ui/button";
import type { FleetViewData } from "@/lib/fleet/view";
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
 * the page shown, never every row; a filter changes the URL, and the server's answer replaces the view while the
 * controls keep the choice already made.
 */
export function FleetExplorer({ view, query }: { view: FleetViewData; query: FleetViewQuery }) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [chosen, setChosen] = useState(query);
  // A view the URL brought otherwise (back, forward, a link) shows its own choices.
  const [shown, setShown] = useState(query);
  if (JSON.stringify(shown) !== JSON.stringify(query)) {
    setShown(query);
    setChosen(query);
  }
  const change = (changes: Partial<FleetViewQuery>) => {
    const next = { ...chosen, show: 100, ...changes };
    setChosen(next);
    startTransition(() => router.replace(`${pathname}${searchOf(next)}`, { scroll: false }));
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
        <FleetAccounts accounts={view.accounts} />
      </div>
    </div>
  );
}
