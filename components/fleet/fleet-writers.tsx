import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { boxClass } from "@/components/ui/panel";
import { Cell, Table, TableHead } from "@/components/ui/table";
import type { FleetWriterView } from "@/lib/fleet/view";
import { formatBytes } from "@/lib/format";
import { printable } from "@/lib/writers/alert";

/**
 * The organization's writers over the buckets in view: each foreign owner with the buckets and accounts it writes
 * into and what it owns there, and a link to the writers page of the bucket where it locks out the most objects.
 */
export function FleetWriters({ writers, total }: { writers: FleetWriterView[]; total: number }) {
  if (writers.length === 0)
    return <p className="text-sm text-slate-600">No foreign owner in the buckets in view.</p>;
  return (
    <div className="space-y-1">
      <div
        className={`${boxClass} overflow-x-auto`}
        tabIndex={0}
        role="region"
        aria-label="Writers across the organization, scrolls sideways"
      >
        <Table aria-label="Writers across the organization">
          <TableHead
            labels={[
              "Writer",
              "Buckets",
              "Accounts",
              "Foreign objects",
              "Owner cannot read",
              "Newest",
              "Look first",
            ]}
          />
          <tbody className="divide-y divide-slate-100">
            {writers.map((w) => (
              <tr key={w.id} data-testid="fleet-writer" data-writer={w.id} data-locked={w.locked}>
                <Cell className="wrap-anywhere">
                  {printable(w.name)}
                  {w.outside && (
                    <span className="mt-0.5 block">
                      <Badge tone="danger">outside the organization</Badge>
                    </span>
                  )}
                </Cell>
                <Cell className="tabular-nums">{w.buckets}</Cell>
                <Cell className="tabular-nums">{w.accounts}</Cell>
                <Cell className="tabular-nums">
                  {w.objects} <span className="text-xs text-slate-500">({formatBytes(w.bytes)})</span>
                </Cell>
                <Cell className="tabular-nums">{w.locked}</Cell>
                <Cell className="text-xs">{w.newest?.slice(0, 10) ?? "-"}</Cell>
                <Cell>
                  <Link className="wrap-anywhere text-sky-700 underline" href={w.href}>
                    {w.worst.bucket}
                  </Link>
                </Cell>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      {total > writers.length && (
        <p className="text-xs text-slate-500">
          The {writers.length} writers with the most objects their owners cannot read, of {total}.
        </p>
      )}
    </div>
  );
}
