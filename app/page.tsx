import Link from "next/link";
import { BucketsOverview } from "@/components/buckets/buckets-overview";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { pageUser } from "@/lib/api/session";
import { allows } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { listConnections } from "@/lib/db/connections";

export const dynamic = "force-dynamic";

const button = buttonClass("secondary");

export default async function HomePage() {
  const user = await pageUser("viewer", "/");
  const isAdmin = allows(user.role, "admin");
  const connections = listConnections(getDb());
  if (connections.length === 0) {
    return (
      <EmptyState title="No connection yet">
        {isAdmin ? (
          <>
            <Link href="/connections/new" className="font-medium text-sky-700 hover:underline">
              Add a connection
            </Link>{" "}
            (a profile or role that can list the bucket owner&apos;s buckets), or start the demo with{" "}
            <code className="rounded bg-slate-100 px-1">npm run demo</code>.
          </>
        ) : (
          "Ask an admin to add a connection to the bucket owner's account."
        )}
      </EmptyState>
    );
  }
  return (
    <div className="space-y-8">
      {isAdmin && (
        <div className="flex justify-end">
          <Link href="/connections/new" className={button}>
            Add connection
          </Link>
        </div>
      )}
      {connections.map((c) => (
        <section key={c.id} aria-labelledby={`connection-${c.id}`} className="space-y-3">
          <div className="flex flex-wrap items-end justify-between gap-2">
            <div>
              <h1 id={`connection-${c.id}`} className="text-xl font-semibold">
                {c.name}
              </h1>
              <p className="text-sm text-slate-500">
                {/* The endpoint is the admins' to see: viewers get the region only. */}
                {isAdmin && c.endpointUrl
                  ? c.endpointUrl
                  : `${c.endpointUrl ? "S3-compatible" : "AWS"} ${c.region}`}{" "}
                · connection <code>{c.id}</code>
              </p>
            </div>
            {allows(user.role, "operator") && (
              <Link
                href={`/connections/${encodeURIComponent(c.id)}/settings`}
                prefetch={false}
                className={button}
              >
                {isAdmin ? "Settings and test" : "Test connection"}
              </Link>
            )}
          </div>
          <BucketsOverview connectionId={c.id} canScan={allows(user.role, "operator")} />
        </section>
      ))}
    </div>
  );
}
