import { OwnerCell } from "@/components/objects/owner-cell";
import { StatusBadge } from "@/components/scans/status-badge";
import { formatBytes } from "@/lib/format";
import type { FindingDto } from "@/lib/schemas/scan";

/** The cells every findings table shows, in the scan view and in a shared view alike. */
export function KeyCell({ f }: { f: FindingDto }) {
  return (
    <td className="truncate px-3 font-mono text-xs" title={f.key}>
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
    <td className="truncate px-3">
      <StatusBadge status={f.status} />
      {f.publicGrant && <span className="ml-1 text-xs font-semibold text-red-700">public</span>}
      {f.reason && (
        <p className="mt-0.5 truncate text-xs text-slate-500" title={f.reason}>
          {f.reason}
        </p>
      )}
    </td>
  );
}

export const FindingOwner = ({ f }: { f: FindingDto }) => (
  <OwnerCell owner={{ id: f.owner.id, name: f.owner.name, foreign: f.foreign, isBucketOwner: !f.foreign }} />
);

export const AccessCell = ({ f }: { f: FindingDto }) => (
  <td className="truncate px-3 text-slate-600">{f.bucketOwnerAccess ?? "—"}</td>
);

export const SizeCell = ({ f }: { f: FindingDto }) => (
  <td className="px-3 text-right tabular-nums">{formatBytes(f.size)}</td>
);
