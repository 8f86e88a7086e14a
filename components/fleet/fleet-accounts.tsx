import { Badge } from "@/components/ui/badge";
import { boxClass } from "@/components/ui/panel";
import { Cell, Table, TableHead } from "@/components/ui/table";
import type { FleetAccountView } from "@/lib/fleet/view";

/** Each account: its OU, its buckets' totals, and the cause when it cannot be scanned at all. */
export function FleetAccounts({ accounts, total }: { accounts: FleetAccountView[]; total: number }) {
  return (
    <div className="space-y-1">
      <div
        className={`${boxClass} overflow-x-auto`}
        tabIndex={0}
        role="region"
        aria-label="Accounts, scrolls sideways"
      >
        <Table aria-label="Accounts">
          <TableHead labels={["Account", "OU", "Buckets", "Foreign objects", "Owner cannot read"]} />
          <tbody className="divide-y divide-slate-100">
            {accounts.map((a) => (
              <tr key={a.id} data-testid="fleet-account" data-account={a.id}>
                <Cell>
                  {a.name} <span className="text-xs text-slate-500">{a.id}</span>
                  {a.health && a.health !== "ok" && (
                    <span className="mt-0.5 block">
                      <Badge tone="danger" wrap>
                        cannot be scanned for {a.daysFailing} d: {a.healthDetail ?? a.health}
                      </Badge>
                    </span>
                  )}
                </Cell>
                <Cell className="text-xs text-slate-600">{a.ouPath.join(" / ") || "root"}</Cell>
                <Cell className="tabular-nums">
                  {a.buckets}
                  {a.failing > 0 && <span className="text-xs text-red-700"> ({a.failing} failing)</span>}
                </Cell>
                <Cell className="tabular-nums">{a.foreign}</Cell>
                <Cell className="tabular-nums">{a.locked}</Cell>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      {total > accounts.length && (
        <p className="text-xs text-slate-500">
          {accounts.length} of {total} accounts: the riskiest, and every one that cannot be scanned. Filter by
          OU or account to see the others.
        </p>
      )}
    </div>
  );
}
