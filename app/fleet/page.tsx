import Link from "next/link";
import { FleetAccounts } from "@/components/fleet/fleet-accounts";
import { FleetBuckets } from "@/components/fleet/fleet-buckets";
import { FleetFilters } from "@/components/fleet/fleet-filters";
import { ProblemChips } from "@/components/fleet/problem-chips";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { fleetFilterSchema, fleetView } from "@/lib/api/fleet-view";
import { pageUser } from "@/lib/api/session";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

type Search = Promise<Record<string, string | string[] | undefined>>;

/** The whole organization: every account's buckets ranked by risk, with what is wrong and where, filtered by URL. */
export default async function FleetPage({ searchParams }: { searchParams: Search }) {
  await pageUser("viewer", "/fleet");
  const raw = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const query = fleetFilterSchema.parse(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, first(v)])),
  );
  const view = fleetView(getDb(), query);
  if (!view)
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Fleet</h1>
        <EmptyState title="No organization yet">
          Run <code>ownerscope fleet discover</code> with the read role every account has, then{" "}
          <code>ownerscope fleet scan</code>. The README&apos;s &ldquo;A whole organization&rdquo; says how.
        </EmptyState>
      </div>
    );
  const link = (changes: Record<string, string>) => {
    const next = new URLSearchParams(
      Object.entries({ ...query, show: "" }).filter(([, v]) => v !== "" && v !== undefined) as [
        string,
        string,
      ][],
    );
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    next.delete("show");
    if (changes.show) next.set("show", changes.show);
    const s = next.toString();
    return s ? `/fleet?${s}` : "/fleet";
  };
  const failingAccounts = view.accounts.filter((a) => a.health && a.health !== "ok").length;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Fleet</h1>
        <p className="text-sm text-slate-600" data-testid="fleet-run">
          {view.run ? (
            <>
              Last scan {view.run.status}
              {view.run.finishedAt && (
                <>
                  {" "}
                  <Time at={view.run.finishedAt} />
                </>
              )}
            </>
          ) : (
            "Not scanned yet"
          )}
          {failingAccounts > 0 && (
            <span className="text-red-700"> · {failingAccounts} accounts cannot be scanned</span>
          )}
        </p>
      </div>
      <FleetFilters choices={view.choices} />
      <ProblemChips
        problems={view.problems}
        total={view.total}
        current={query.problem}
        hrefFor={(problem) => link({ problem })}
      />
      <h2 className="text-lg font-semibold">
        Buckets by risk{" "}
        <span className="text-sm font-normal text-slate-500">
          {view.matching} of {view.total}
        </span>
      </h2>
      <FleetBuckets buckets={view.buckets} />
      {view.matching > view.buckets.length && (
        <Link href={link({ show: String(query.show * 5) })} className="text-sm text-sky-700 hover:underline">
          Show more ({view.matching - view.buckets.length} not shown)
        </Link>
      )}
      <h2 className="text-lg font-semibold">Accounts</h2>
      <FleetAccounts accounts={view.accounts} />
    </div>
  );
}
