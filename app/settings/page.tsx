import Link from "next/link";
import { PasswordForm } from "@/components/settings/password-form";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { boxClass } from "@/components/ui/panel";
import { Cell, Table, TableHead } from "@/components/ui/table";
import { pageUser } from "@/lib/api/session";
import { allows } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { listConnections } from "@/lib/db/connections";

export const dynamic = "force-dynamic";

/** The settings in one place: the connections (each one's settings and test), and one's own account. */
export default async function SettingsPage() {
  const user = await pageUser("viewer", "/settings");
  const isAdmin = allows(user.role, "admin");
  const connections = listConnections(getDb());
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <section aria-labelledby="connections-heading" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="connections-heading" className="text-lg font-semibold">
            Connections
          </h2>
          {isAdmin && (
            <Link href="/connections/new" className={buttonClass("secondary")}>
              Add connection
            </Link>
          )}
        </div>
        {connections.length === 0 ? (
          <EmptyState title="No connection yet">
            {isAdmin ? "Add one to scan its buckets." : "Ask an admin to add one."}
          </EmptyState>
        ) : (
          <div className={`${boxClass} overflow-x-auto`}>
            <Table aria-label="Connections">
              <TableHead labels={["Connection", "Where", "Settings"]} />
              <tbody className="divide-y divide-slate-100">
                {connections.map((c) => (
                  <tr key={c.id}>
                    <Cell className="font-medium">
                      {c.name} <code className="text-xs text-slate-500">{c.id}</code>
                    </Cell>
                    <Cell className="wrap-anywhere text-slate-600">
                      {isAdmin && c.endpointUrl
                        ? c.endpointUrl
                        : `${c.endpointUrl ? "S3-compatible" : "AWS"} ${c.region}`}
                    </Cell>
                    <Cell>
                      {allows(user.role, "operator") ? (
                        <Link
                          href={`/connections/${encodeURIComponent(c.id)}/settings`}
                          className="text-sky-700 hover:underline"
                        >
                          {isAdmin ? "Settings and test" : "Test connection"}
                        </Link>
                      ) : (
                        <span className="text-slate-500">for operators</span>
                      )}
                    </Cell>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )}
      </section>
      <section aria-labelledby="account-heading" className="space-y-2">
        <h2 id="account-heading" className="text-lg font-semibold">
          Your account
        </h2>
        <p className="text-sm text-slate-600">
          Signed in as <strong>{user.username}</strong> ({user.role}).
          {isAdmin && (
            <>
              {" "}
              People and roles:{" "}
              <Link href="/users" className="text-sky-700 underline">
                Users
              </Link>
              .
            </>
          )}
        </p>
        {user.hasPassword && <PasswordForm />}
      </section>
    </div>
  );
}
