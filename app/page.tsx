import { BucketList } from "@/components/buckets/bucket-list";
import { EmptyState } from "@/components/ui/empty-state";
import { pageUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listConnections } from "@/lib/db/connections";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  await pageUser("viewer", "/");
  const connections = listConnections(getDb());
  if (connections.length === 0) {
    return (
      <EmptyState title="No connection yet">
        Add one with{" "}
        <code className="rounded bg-slate-100 px-1">
          npm run cli -- connection add --id prod --name &quot;Production&quot; --profile PROFILE
        </code>
        , or start the demo with <code className="rounded bg-slate-100 px-1">npm run demo</code>.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-8">
      {connections.map((c) => (
        <section key={c.id} aria-labelledby={`connection-${c.id}`}>
          <h1 id={`connection-${c.id}`} className="text-xl font-semibold">
            {c.name}
          </h1>
          <p className="mb-3 text-sm text-slate-500">
            {c.endpointUrl ?? `AWS ${c.region}`} · connection <code>{c.id}</code>
          </p>
          <BucketList connectionId={c.id} />
        </section>
      ))}
    </div>
  );
}
