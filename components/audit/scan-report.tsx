import { BarChart, type Bar } from "@/components/audit/bar-chart";
import { statusFill, statusLabels } from "@/components/scans/status-badge";
import { boxClass } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { formatBytes, formatTimestamp } from "@/lib/format";
import type { ScanSummaryDto } from "@/lib/schemas/scan";
import type { StatusSummary } from "@/lib/schemas/scan";
import type { FindingDto, ScanDto } from "@/lib/schemas/scan";
import type { ReactNode } from "react";

const statusName = (s: StatusSummary["status"]) => (s ? statusLabels[s] : "pending");
const isForeignStatus = (s: StatusSummary["status"]) => s !== null && s.startsWith("foreign");

/** A scan's audit on one page: charts by status, owner, prefix and over time, then the view's findings. */
export function ScanReport({
  scan,
  summary,
  history,
  findings,
  total,
  filters,
}: {
  scan: ScanDto;
  summary: ScanSummaryDto;
  history: ScanDto[];
  findings: FindingDto[];
  total: number;
  filters: string[];
}) {
  const ownerLabel = (o: ScanSummaryDto["byOwner"][number]) =>
    `${o.name ?? o.ownerId?.slice(0, 16) ?? "unknown"}${o.isBucketOwner ? " (bucket owner)" : ""}`;
  const statusBars = (value: (s: ScanSummaryDto["byStatus"][number]) => number): Bar[] =>
    summary.byStatus.map((s) => ({
      label: statusName(s.status),
      value: value(s),
      tone: isForeignStatus(s.status) ? "foreign" : "owned",
      // The same colour as the status has on the bucket page.
      colour: s.status ? statusFill[s.status] : undefined,
    }));
  const past = history.filter((s) => s.status === "completed" && s.prefix === scan.prefix).reverse();
  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4" data-testid="report-totals">
        {(
          [
            ["Keys", scan.classified.toLocaleString()],
            ["Bytes", formatBytes(scan.bytes)],
            ["Foreign keys (as scanned)", scan.foreign.toLocaleString()],
            ...(scan.now.changed > 0
              ? [["Foreign keys after fixes since", scan.now.foreign.toLocaleString()]]
              : []),
            ["Finished", <Time key="finished" at={scan.finishedAt} />],
          ] as [string, ReactNode][]
        ).map(([k, v]) => (
          <div key={k} className={`${boxClass} p-3`}>
            <dt className="text-xs text-slate-500">{k}</dt>
            <dd className="text-lg font-semibold">{v}</dd>
          </div>
        ))}
      </dl>
      <div className="grid gap-4 lg:grid-cols-2 print:grid-cols-1">
        <BarChart title="Keys by status" bars={statusBars((s) => s.objects)} />
        <BarChart title="Bytes by status" format={formatBytes} bars={statusBars((s) => s.bytes)} />
        <BarChart
          title="Keys by owner account"
          bars={summary.byOwner.map((o) => ({
            label: ownerLabel(o),
            value: o.objects,
            detail: formatBytes(o.bytes),
            tone: o.isBucketOwner ? "owned" : "foreign",
          }))}
        />
        <BarChart
          title="Top prefixes by foreign keys"
          bars={summary.byPrefix.slice(0, 12).map((p) => ({
            label: p.prefix || "(top level)",
            value: p.foreign,
            detail: `of ${p.objects.toLocaleString()}`,
            tone: "foreign",
          }))}
        />
        <BarChart
          title="Foreign keys across past scans, oldest first (each as it was scanned; live or from an inventory report)"
          bars={past.map((s) => ({
            label: `#${s.id} · ${formatTimestamp(s.finishedAt)} UTC · ${s.source}`,
            value: s.foreign,
            tone: "foreign",
          }))}
        />
      </div>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">
          Findings{filters.length > 0 && ` (${filters.join(" · ")})`}: {total.toLocaleString()}
          {total > findings.length && ` · first ${findings.length.toLocaleString()} shown; export for all`}
        </h2>
        <p className="text-xs text-slate-500">
          Foreign keys first, by status (locked, readable, full control), then unknown and owned; the largest
          first.
        </p>
        <ReportTable findings={findings} />
      </section>
    </div>
  );
}

/** The findings as rows on paper: on paper the header row repeats on every page the table runs over. */
function ReportTable({ findings }: { findings: FindingDto[] }) {
  return (
    <table className="w-full border-collapse text-left text-xs">
      <thead className="[display:table-header-group]">
        <tr className="border-b border-slate-300">
          {["Key", "Status", "Owner", "Owner access", "Size", "Modified"].map((h) => (
            <th key={h} className="py-1 pr-3">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {findings.map((f) => (
          <tr
            key={`${f.key}\u0000${f.versionId ?? ""}`}
            className="border-b border-slate-100"
            data-testid="report-row"
            data-status={f.status ?? "pending"}
            data-size={f.size}
          >
            <td className="py-1 pr-3 font-mono break-all">{f.key}</td>
            <td className="py-1 pr-3">{statusName(f.status)}</td>
            <td className="py-1 pr-3">{f.owner.name ?? f.owner.id?.slice(0, 16) ?? "—"}</td>
            <td className="py-1 pr-3">{f.bucketOwnerAccess ?? "—"}</td>
            <td className="py-1 pr-3 tabular-nums">{formatBytes(f.size)}</td>
            <td className="py-1 pr-3">
              <Time at={f.lastModified} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
