import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { boxClass } from "@/components/ui/panel";
import { Cell, Table, TableHead } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { connections } from "@/lib/api/connections";
import { schedules as allSchedules } from "@/lib/api/schedules";
import { pageUser } from "@/lib/api/session";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

const hoursInWords = (h: number) =>
  h < 1 ? `${Math.round(h * 60)} min` : h % 24 === 0 ? `${h / 24} d` : `${h} h`;

/** Every scheduled rescan across connections and buckets: how often, when next, and what the last run found. */
export default async function SchedulesPage() {
  await pageUser("viewer", "/schedules");
  const db = getDb();
  const names = new Map(connections(db).map((c) => [c.id, c.name]));
  const schedules = allSchedules(db, { runs: 1 }).map(({ runs, ...s }) => ({ ...s, last: runs[0] }));
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Schedules</h1>
      <p className="max-w-3xl text-sm text-slate-600">
        Buckets rescanned on a schedule, so a foreign write that no event reported is still found. A
        bucket&apos;s schedule is set on its Watch page.
      </p>
      {schedules.length === 0 ? (
        <EmptyState title="No scheduled rescans">
          Open a bucket, then Watch, to rescan it every few hours.
        </EmptyState>
      ) : (
        <div className={`${boxClass} overflow-x-auto`}>
          <Table aria-label="Scheduled rescans">
            <TableHead labels={["Bucket", "Every", "Next run", "Last run", "Found by it"]} />
            <tbody className="divide-y divide-slate-100">
              {schedules.map((s) => {
                const href = `/connections/${encodeURIComponent(s.connectionId)}/buckets/${encodeURIComponent(s.bucket)}`;
                return (
                  <tr key={`${s.connectionId}/${s.bucket}`} data-testid="schedule-row" data-bucket={s.bucket}>
                    <Cell className="wrap-anywhere">
                      <Link href={`${href}/watch`} className="font-medium text-sky-700 hover:underline">
                        {s.bucket}
                      </Link>
                      <span className="block text-xs text-slate-500">
                        {names.get(s.connectionId) ?? s.connectionId}
                      </span>
                    </Cell>
                    <Cell className="whitespace-nowrap">
                      {hoursInWords(s.everyHours)} · {s.mode}
                    </Cell>
                    <Cell>
                      <Time at={s.nextRunAt} />
                    </Cell>
                    <Cell>
                      {s.last ? (
                        s.last.scanId ? (
                          <Link
                            href={`${href}?scan=${s.last.scanId}`}
                            className="text-sky-700 hover:underline"
                          >
                            scan #{s.last.scanId} ({s.last.status ?? "started"})
                          </Link>
                        ) : (
                          <span className="text-red-700">{s.last.error ?? "did not start"}</span>
                        )
                      ) : (
                        <span className="text-slate-500">not run yet</span>
                      )}
                    </Cell>
                    <Cell className="text-xs text-slate-600">
                      {s.last?.diff
                        ? `${s.last.diff.new} new foreign · ${s.last.diff.fixed} fixed · ${s.last.diff.gone} gone`
                        : "—"}
                    </Cell>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </div>
      )}
    </div>
  );
}
