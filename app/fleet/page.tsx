import { FleetExplorer } from "@/components/fleet/fleet-explorer";
import { FleetRunControls } from "@/components/fleet/fleet-run-controls";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { fleetFilterSchema, fleetView } from "@/lib/api/fleet-view";
import { pageUser } from "@/lib/api/session";
import { allows } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

type Search = Promise<Record<string, string | string[] | undefined>>;

/** The whole organization: every account's buckets ranked by risk, with what is wrong and where, filtered by URL. */
export default async function FleetPage({ searchParams }: { searchParams: Search }) {
  const user = await pageUser("viewer", "/fleet");
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
  const { run, failingAccounts, failingBuckets } = view;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Fleet</h1>
        <p className="text-sm text-slate-600" data-testid="fleet-run">
          {run ? (
            <>
              Fleet scan #{run.id} {run.interrupted ? "interrupted: its process stopped" : run.status}
              {run.finishedAt && (
                <>
                  {" "}
                  <Time at={run.finishedAt} />
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
      {allows(user.role, "operator") && (
        <FleetRunControls
          running={run?.status === "running" && !run.interrupted}
          interrupted={run?.interrupted ?? false}
          failing={failingAccounts + failingBuckets}
        />
      )}
      <FleetExplorer view={view} query={query} now={new Date().toISOString()} />
    </div>
  );
}
