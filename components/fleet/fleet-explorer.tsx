"use client";

import { useMemo, useState } from "react";
import { FleetAccounts } from "@/components/fleet/fleet-accounts";
import { FleetBuckets } from "@/components/fleet/fleet-buckets";
import { FleetFilters } from "@/components/fleet/fleet-filters";
import { ProblemChips } from "@/components/fleet/problem-chips";
import { Button } from "@/components/ui/button";
import { buildFleetView, type FleetViewInput } from "@/lib/fleet/view";
import type { FleetViewQuery } from "@/lib/schemas/fleet";

/**
 * The fleet's buckets and accounts under the filters. The server sends every row once; a filter is applied here, in
 * the browser, and written to the URL (replaceState), so a filtered view is still a link to share.
 */
export function FleetExplorer({
  input,
  initialQuery,
  now,
}: {
  input: FleetViewInput;
  initialQuery: FleetViewQuery;
  now: string;
}) {
  const [query, setQuery] = useState(initialQuery);
  const view = useMemo(() => buildFleetView(input, query, new Date(now)), [input, query, now]);
  const change = (changes: Partial<FleetViewQuery>) => {
    const next = { ...query, show: 100, ...changes };
    setQuery(next);
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(next))
      if (v !== "" && !(k === "show" && v === 100)) params.set(k, String(v));
    const search = params.toString();
    window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
  };
  return (
    <div className="space-y-4">
      <FleetFilters
        choices={view.choices}
        query={query}
        onChange={(name, value) => change({ [name]: value })}
      />
      <ProblemChips
        problems={view.problems}
        total={view.total}
        current={query.problem}
        onChoose={(problem) => change({ problem: problem === query.problem ? "" : problem })}
      />
      <h2 className="text-lg font-semibold">
        Buckets by risk{" "}
        <span className="text-sm font-normal text-slate-500" data-testid="fleet-matching">
          {view.matching} of {view.total}
        </span>
      </h2>
      <FleetBuckets buckets={view.buckets} />
      {view.matching > view.buckets.length && (
        <Button variant="link" onClick={() => change({ show: query.show * 5 })}>
          Show more ({view.matching - view.buckets.length} not shown)
        </Button>
      )}
      <h2 className="text-lg font-semibold">Accounts</h2>
      <FleetAccounts accounts={view.accounts} />
    </div>
  );
}
