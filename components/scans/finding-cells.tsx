import { OwnerCell } from "@/components/objects/owner-cell";
import { StatusBadge } from "@/components/scans/status-badge";
import { formatBytes } from "@/lib/format";
import type { FindingDto } from "@/lib/schemas/scan";

/** The cells every findings table shows, in the scan view and in a shared view alike. */
export function KeyCell({ f }: { f: FindingDto }) {
  return (
    <td className="max-w-md truncate px-3 py-2 font-mono text-xs" title={f.key}>
      {f.key}
      {f.versionId && (
        <span className="ml-1 text-slate-400">
          {f.deleteMarker ? "delete marker " : ""}
          {f.isLatest ? "(latest)" : "(noncurrent)"}
        </span>
      )}
    </td>
  );
}

export function StatusCell({ f }: { f: FindingDto }) {
  return (
    <td className="px-3 py-2">
      <StatusBadge status={f.status} />
      {f.publicGrant && <span className="ml-1 text-xs font-semibold text-red-700">public</span>}
      {f.reason && <p className="mt-0.5 text-xs text-slate-500">{f.reason}</p>}
    </td>
  );
}

export const FindingOwner = ({ f }: { f: FindingDto }) => (
  <OwnerCell owner={{ id: f.owner.id, name: f.owner.name, foreign: f.foreign, isBucketOwner: !f.foreign }} />
);

export function AccessAndSizeCells({ f }: { f: FindingDto }) {
  return (
    <>
      <td className="px-3 py-2 text-slate-600">{f.bucketOwnerAccess ?? "—"}</td>
      <td className="px-3 py-2 text-right tabular-nums">{formatBytes(f.size)}</td>
    </>
  );
}
