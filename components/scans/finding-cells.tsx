import { OwnerCell } from "@/components/objects/owner-cell";
import { StatusBadge, statusLabels } from "@/components/scans/status-badge";
import { formatBytes } from "@/lib/format";
import type { FixItemState } from "@/lib/schemas/fix";
import type { FindingDto, FindingNow } from "@/lib/schemas/scan";

/** The cells every findings table shows, in the scan view and in a shared view alike. */
export function KeyCell({ f }: { f: FindingDto }) {
  return (
    <td className="truncate px-3 font-mono text-xs" title={f.key}>
      {f.key}
      {f.versionId && (
        <span className="ml-1 text-slate-500">
          {f.deleteMarker ? "delete marker " : ""}
          {f.isLatest ? "(latest)" : "(noncurrent)"}
        </span>
      )}
    </td>
  );
}

/** A row's object in the fix job on screen: what the job has done with it so far. */
type RowInJob = { jobId: number; state: FixItemState };

const jobStateWords: Record<FixItemState, string> = {
  pending: "waits in fix job",
  copying: "being fixed by job",
  fixed: "fixed by job",
  skipped: "skipped by job",
  failed: "failed in job",
  "changed-since-scan": "changed since the scan; left alone by job",
};

export function StatusCell({ f, inJob }: { f: FindingDto; inJob?: RowInJob }) {
  return (
    <td className="truncate px-3">
      <StatusBadge status={f.status} />
      {f.publicGrant && <span className="ml-1 text-xs font-semibold text-red-700">public</span>}
      {/* Until the job ends and the rows are read again, the job's own word on each of its objects. */}
      {inJob && !f.now ? (
        <p
          data-testid="row-in-job"
          data-state={inJob.state}
          className="mt-0.5 truncate text-xs font-medium text-sky-800"
        >
          {jobStateWords[inJob.state]} #{inJob.jobId}
        </p>
      ) : f.now ? (
        <FindingNowNote now={f.now} />
      ) : (
        f.reason && (
          <p className="mt-0.5 truncate text-xs text-slate-500" title={f.reason}>
            {f.reason}
          </p>
        )
      )}
    </td>
  );
}

/** Who changed a finding since the scan, in words. */
export const changedByLabel = (now: FindingNow) =>
  now.fixJobId !== null
    ? `fix job #${now.fixJobId}`
    : now.batchJobId !== null
      ? `Batch Operations job ${now.batchJobId}`
      : "a fix";

/** What a finding is now, beside what the scan saw: the scan itself never changes. */
function FindingNowNote({ now }: { now: FindingNow }) {
  return (
    <p
      data-testid="finding-now"
      data-now-status={now.status}
      className="mt-0.5 truncate text-xs text-slate-600"
      title={`Changed since the scan by ${changedByLabel(now)} at ${now.at}: ${now.reason ?? statusLabels[now.status]}`}
    >
      now <StatusBadge status={now.status} /> ·{" "}
      {now.fixJobId !== null ? `job #${now.fixJobId}` : now.batchJobId !== null ? "Batch Operations" : "fix"}
    </p>
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
