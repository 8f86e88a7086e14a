"use client";

import { StatusBadge } from "@/components/scans/status-badge";
import { TableHead } from "@/components/ui/table-head";
import { Time } from "@/components/ui/time";
import type { WatchView } from "@/lib/watch/dto";
import { button, field } from "./styles";

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
          <select className={field} value={owner ?? ""} onChange={(e) => onOwner(e.target.value || null)}>
            <option value="">any account</option>
            {accounts.map((a) => (
              <option key={a.canonicalId} value={a.canonicalId}>
                {a.name}
              </option>
            ))}
            {owner && !names[owner] && <option value={owner}>{owner}</option>}
          </select>
        </label>
      </div>
      {live.length === 0 ? (
        <p className="text-sm text-slate-600">
          Nothing foreign has arrived{owner ? " from this account" : ""}.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <TableHead labels={["First seen", "Key", "Owner", "Writer", "Status", "Checked"]} />
            <tbody>
              {live.map((f) => (
                <tr key={f.seq} className="border-t border-slate-100" data-testid="live-finding">
                  <td className="px-3 py-2 whitespace-nowrap">
                    <Time at={f.firstSeen} seconds />
                  </td>
                  <td className="max-w-md px-3 py-2 font-mono break-all">{f.key}</td>
                  <td className="px-3 py-2">{f.ownerId ? (names[f.ownerId] ?? f.ownerId) : "—"}</td>
                  <td className="px-3 py-2 font-mono text-xs break-all">{f.writer ?? "unknown"}</td>
                  <td className="px-3 py-2">
                    <StatusBadge status={f.status} />
                    {f.ruleNote && <span className="ml-1 text-xs text-amber-800">{f.ruleNote}</span>}
                    {f.fixJobId !== null && (
                      <span className="ml-1 text-xs text-slate-600">fix job {f.fixJobId}</span>
                    )}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    <Time at={f.checkedAt} seconds />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="flex gap-2">
        {paged && (
          <button type="button" className={button} onClick={() => onPage(null)}>
            Newest
          </button>
        )}
        {nextBefore !== null && (
          <button type="button" className={button} onClick={() => onPage(nextBefore)}>
            Older
          </button>
        )}
      </div>
    </section>
  );
}
