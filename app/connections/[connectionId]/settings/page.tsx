import Link from "next/link";
import { notFound } from "next/navigation";
import { AccountsTable } from "@/components/connections/accounts-table";
import { ConnectionForm } from "@/components/connections/connection-form";
import { ConnectionTest } from "@/components/connections/connection-test";
import { InventoryLocations } from "@/components/connections/inventory-locations";
import { pageUser } from "@/lib/api/session";
import { allows } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { getConnection, ownAccounts } from "@/lib/db/connections";
import { listInventoryLocations } from "@/lib/db/inventory-locations";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ connectionId: string }> };

export default async function ConnectionSettingsPage({ params }: Props) {
  const id = decodeURIComponent((await params).connectionId);
  const user = await pageUser("operator", `/connections/${encodeURIComponent(id)}/settings`);
  const connection = getConnection(getDb(), id);
  if (!connection) notFound();
  const isAdmin = allows(user.role, "admin");
  return (
    <div className="max-w-5xl space-y-6">
      <p className="text-sm text-slate-500">
        <Link href="/" className="hover:underline">
          Connections
        </Link>{" "}
        / {connection.name}
      </p>
      <h1 className="text-2xl font-semibold">{connection.name}</h1>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Test</h2>
        <ConnectionTest connectionId={connection.id} />
      </section>
      {isAdmin && (
        <>
          <section className="space-y-2">
            <h2 className="text-lg font-semibold">Settings</h2>
            <ConnectionForm existing={connection} />
          </section>
          <section className="space-y-2">
            <h2 className="text-lg font-semibold">Accounts and fixers</h2>
            <AccountsTable connectionId={connection.id} accounts={ownAccounts(getDb(), connection.id)} />
          </section>
          <section className="space-y-2">
            <h2 className="text-lg font-semibold">Inventory report locations</h2>
            <InventoryLocations
              connectionId={connection.id}
              locations={listInventoryLocations(getDb(), connection.id).map((l) => l.location)}
            />
          </section>
        </>
      )}
    </div>
  );
}
