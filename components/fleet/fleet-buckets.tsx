import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { boxClass } from "@/components/ui/panel";
import { Cell, Table, TableHead } from "@/components/ui/table";
import type { FleetBucketView } from "@/lib/fleet/view";
import { formatBytes } from "@/lib/format";

const failingFor = (days: number) => (days === 0 ? "since today" : `for ${days} day${days === 1 ? "" : "s"}`);

/** The fleet's buckets, riskiest first; each links to its own bucket page. */
export function FleetBuckets({ buckets }: { buckets: FleetBucketView[] }) {
  return (
    <div
      className={`${boxClass} overflow-x-auto`}
      tabIndex={0}
      role="region"
      aria-label="Buckets by risk, scrolls sideways"
    >
      <Table aria-label="Buckets by risk">
        <TableHead
          labels={[
            "Bucket",
            "Account",
            "Foreign objects",
            "Owner cannot read",
            "Foreign bytes",
            "Written by",
          ]}
        />
        <tbody className="divide-y divide-slate-100">
          {buckets.map((b) => (
            <tr key={`${b.accountId}/${b.bucket}`} data-testid="fleet-bucket" data-bucket={b.bucket}>
              <Cell className="wrap-anywhere">
                {b.state === "scanned" ? (
                  <Link href={b.href} className="font-medium text-sky-700 hover:underline">
                    {b.bucket}
                  </Link>
                ) : (
                  <span className="font-medium">{b.bucket}</span>
                )}
                <span className="mt-0.5 flex flex-wrap gap-1">
                  {b.state === "failed" && (
                    <Badge tone="danger" wrap title={b.detail ?? undefined}>
                      failing {failingFor(b.daysFailing)}: {b.cause}
                    </Badge>
                  )}
                  {b.state === "pending" && <Badge tone="info">not scanned yet</Badge>}
                  {b.outside && <Badge tone="danger">outside writer</Badge>}
                  {b.publicObjects > 0 && <Badge tone="caution">{b.publicObjects} public</Badge>}
                  {b.region && <span className="text-xs text-slate-500">{b.region}</span>}
                  {b.state === "scanned" && b.reportDate && (
                    <span className="text-xs text-slate-500" data-testid="fleet-bucket-source">
                      from its inventory report of {b.reportDate.slice(0, 10)}
                    </span>
                  )}
                </span>
                {b.sourceNote && (
                  <span className="mt-0.5 block text-xs text-slate-500" data-testid="fleet-bucket-source">
                    {b.sourceNote}
                  </span>
                )}
              </Cell>
              <Cell>
                {b.accountName}
                <span className="block text-xs text-slate-500">
                  {b.accountId}
                  {b.ouPath.length > 0 && ` · ${b.ouPath.join(" / ")}`}
                </span>
              </Cell>
              <Cell className="tabular-nums">{b.state === "scanned" ? b.foreignObjects : "—"}</Cell>
              <Cell className={`tabular-nums ${b.lockedObjects > 0 ? "font-semibold text-red-800" : ""}`}>
                {b.state === "scanned" ? b.lockedObjects : "—"}
              </Cell>
              <Cell className="whitespace-nowrap tabular-nums">
                {b.state === "scanned" ? formatBytes(b.foreignBytes) : "—"}
              </Cell>
              <Cell className="text-xs wrap-anywhere text-slate-700">{b.writerNames.join(", ") || "—"}</Cell>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
