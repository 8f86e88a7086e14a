"use client";

import { StatusBadge } from "@/components/scans/status-badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { boxClass } from "@/components/ui/panel";
import { Table } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { WatchView } from "@/lib/schemas/watch";
import { toolOfEventWriter } from "@/lib/writers/alert";

/** The event's principal, with the managed service its session names. */
const writerText = (writer: string) => {
  const tool = toolOfEventWriter(writer);
  return tool ? `${writer} (${tool})` : writer;
};

/** The bucket's live record: each object checked on arrival that is (or was) not the bucket owner's, newest first. */
export function LiveTable({
  live,
  accounts,
  owner,
  onOwner,
  nextBefore,
  onPage,
  paged,
}: {
  live: WatchView["live"];
  accounts: WatchView["accounts"];
  owner: string | null;
  onOwner: (owner: string | null) => void;
  nextBefore: number | null;
  onPage: (before: number | null) => void;
  paged: boolean;
}) {
  const names = Object.fromEntries(accounts.map((a) => [a.canonicalId, a.name]));
  return (
    <section aria-labelledby="live-heading" className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="live-heading" className="text-lg font-semibold">
          Live findings
        </h2>
        <label className="flex items-center gap-2 text-sm">
          Owner
          <Select value={owner ?? ""} onChange={(e) => onOwner(e.target.value || null)}>
            <option value="">any account</option>
            {accounts.map((a) => (
              <option key={a.canonicalId} value={a.canonicalId}>
                {a.name}
              </option>
            ))}
            {owner && !names[owner] && <option value={owner}>{owner}</option>}
          </Select>
        </label>
      </div>
      {live.length === 0 ? (
        <p className="text-sm text-slate-600">
          Nothing foreign has arrived{owner ? " from this account" : ""}.
        </p>
      ) : (
        // A desk reads columns; a phone reads each finding as a card (the key whole, the rest under it).
        <div className={boxClass}>
          <Table aria-label="Live findings">
            <thead className="bg-slate-50 text-xs tracking-wide text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-3 py-2 md:hidden">
                  Finding
                </th>
                {["First seen", "Key", "Owner", "Writer", "Status", "Checked"].map((h) => (
                  <th key={h} scope="col" className="hidden px-3 py-2 md:table-cell">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {live.map((f) => {
                const owner = f.ownerId ? (names[f.ownerId] ?? f.ownerId) : "—";
                const status = (
                  <>
                    <StatusBadge status={f.status} />
                    {f.ruleNote && <span className="ml-1 text-xs text-amber-800">{f.ruleNote}</span>}
                    {f.fixJobId !== null && (
                      <span className="ml-1 text-xs text-slate-600">fix job {f.fixJobId}</span>
                    )}
                  </>
                );
                return (
                  <tr key={f.seq} className="border-t border-slate-100" data-testid="live-finding">
                    <td className="space-y-1 px-3 py-2 md:hidden">
                      <p data-testid="live-key" className="font-mono text-xs break-all">
                        {f.key}
                      </p>
                      <p className="text-xs">{status}</p>
                      <p className="text-xs wrap-anywhere text-slate-600">
                        {owner} · first seen <Time at={f.firstSeen} seconds />
                        {f.writer && <> · by {writerText(f.writer)}</>}
                      </p>
                    </td>
                    <td className="hidden px-3 py-2 whitespace-nowrap md:table-cell">
                      <Time at={f.firstSeen} seconds />
                    </td>
                    <td className="hidden max-w-md px-3 py-2 font-mono break-all md:table-cell">{f.key}</td>
                    <td className="hidden px-3 py-2 md:table-cell">{owner}</td>
                    <td className="hidden px-3 py-2 font-mono text-xs break-all md:table-cell">
                      {f.writer ? writerText(f.writer) : "unknown"}
                    </td>
                    <td className="hidden px-3 py-2 md:table-cell">{status}</td>
                    <td className="hidden px-3 py-2 whitespace-nowrap md:table-cell">
                      <Time at={f.checkedAt} seconds />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </div>
      )}
      <div className="flex gap-2">
        {paged && (
          <Button variant="secondary" onClick={() => onPage(null)}>
            Newest
          </Button>
        )}
        {nextBefore !== null && (
          <Button variant="secondary" onClick={() => onPage(nextBefore)}>
            Older
          </Button>
        )}
      </div>
    </section>
  );
}
