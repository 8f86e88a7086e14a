"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Check } from "@/components/ui/field";
import { boxClass } from "@/components/ui/panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { Cell, Table, TableHead } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { useUrlState } from "@/lib/hooks/use-url-state";
import { useAlerts, useResend } from "@/lib/queries/watch";
import { ChannelsPanel } from "./channels-panel";

/** Where alerts go, and every alert made with how its delivery went (the failed ones can be sent again). */
export function AlertsPage({ canOperate, isAdmin }: { canOperate: boolean; isAdmin: boolean }) {
  const { params, set } = useUrlState();
  const failed = params.get("failed") === "1";
  const alerts = useAlerts(failed);
  const resend = useResend();
  return (
    <div className="space-y-6">
      <ChannelsPanel canOperate={canOperate} isAdmin={isAdmin} />
      <section aria-labelledby="history-heading" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="history-heading" className="text-lg font-semibold">
            History
          </h2>
          <label className="flex items-center gap-2 text-sm">
            <Check
              type="checkbox"
              checked={failed}
              onChange={(e) => set({ failed: e.target.checked ? "1" : null })}
            />
            Only failed deliveries
          </label>
        </div>
        {alerts.isPending ? (
          <SkeletonRows />
        ) : alerts.error ? (
          <ErrorPanel message={alerts.error.message} onRetry={() => alerts.refetch()} />
        ) : alerts.data.alerts.length === 0 ? (
          <p className="text-sm text-slate-600">No alerts{failed ? " with a failed delivery" : " yet"}.</p>
        ) : (
          <div className={`${boxClass} overflow-x-auto`}>
            <Table>
              <TableHead labels={["When", "Bucket", "What", "Deliveries"]} />
              <tbody>
                {alerts.data.alerts.map((a) => (
                  <tr key={a.id} className="border-t border-slate-100 align-top" data-testid="alert-row">
                    <Cell className="whitespace-nowrap">
                      <Time at={a.createdAt} seconds />
                    </Cell>
                    <Cell>
                      <Link
                        className="text-sky-700 hover:underline"
                        href={`/connections/${encodeURIComponent(a.connectionId)}/buckets/${encodeURIComponent(a.bucket)}/watch`}
                      >
                        {a.bucket}
                      </Link>
                    </Cell>
                    <Cell>
                      {a.summary.accounts.map((s) => (
                        <p key={s.accountId}>
                          {s.name ?? s.accountId}: {s.count} under{" "}
                          {s.prefixes.map((p) => p.prefix || "(top)").join(", ")}
                        </p>
                      ))}
                    </Cell>
                    <Cell>
                      {a.deliveries.map((d) => (
                        <p key={d.id} className="flex flex-wrap items-center gap-2">
                          <span>
                            {d.channelName ?? "removed channel"}: <strong>{d.state}</strong>
                            {d.attempts > 1 && ` after ${d.attempts} attempts`}
                            {d.lastError && ` (${d.lastError})`}
                          </span>
                          {d.state === "failed" && canOperate && (
                            <Button variant="secondary" onClick={() => resend.mutate(d.id)}>
                              Resend
                            </Button>
                          )}
                        </p>
                      ))}
                    </Cell>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )}
      </section>
    </div>
  );
}
