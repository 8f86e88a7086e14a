"use client";

import { JobLine, LogsForm } from "@/components/acl-migration/logs-form";
import { CopyBlock } from "@/components/ui/copy-block";
import { ErrorPanel } from "@/components/ui/error-panel";
import type { AthenaScripts } from "@/lib/migrate/athena";
import { EVIDENCE_BLIND_SPOT, dependsOnAcls } from "@/lib/migrate/evidence";
import { useCancelEvidence, useEvidenceJob, useReadEvidence } from "@/lib/queries/acl-migration";
import type { MigrationPlanDto } from "@/lib/schemas/migration";

const top = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, n]) => `${name || "(top level)"} ${n}`)
    .join(", ");

/** Who still relies on ACLs, by the bucket's logs: read them here, or run the Athena queries for larger logs. */
export function EvidencePanel({
  connectionId,
  bucket,
  evidence,
  athena,
  canOperate,
}: {
  connectionId: string;
  bucket: string;
  evidence: MigrationPlanDto["evidence"];
  athena: AthenaScripts | undefined;
  canOperate: boolean;
}) {
  const read = useReadEvidence(connectionId, bucket);
  const job = useEvidenceJob(connectionId, bucket).data?.job ?? null;
  const cancel = useCancelEvidence(connectionId, bucket);
  const reading = job?.state === "running";
  const last = (evidence?.request ?? {}) as {
    accessLogs?: string | null;
    cloudTrail?: string | null;
    since?: string | null;
  };
  const e = evidence?.evidence;
  return (
    <section aria-labelledby="evidence" className="space-y-3">
      <h2 id="evidence" className="text-lg font-semibold">
        Evidence from logs
      </h2>
      {canOperate && (
        <LogsForm
          last={last}
          reading={read.isPending || reading}
          onRead={(request) => read.mutate(request)}
        />
      )}
      {read.error && <ErrorPanel message={read.error.message} />}
      {job && <JobLine job={job} canCancel={canOperate} onCancel={() => cancel.mutate()} />}
      {cancel.error && <ErrorPanel message={cancel.error.message} />}
      {!e ? (
        <p className="text-sm text-slate-600">No logs read yet for this bucket.</p>
      ) : (
        <>
          {e.partial && (
            <p data-testid="evidence-partial" className="text-sm text-amber-800">
              Partial: {e.partial}. What follows is what was read before that.
            </p>
          )}
          <p data-testid="evidence-sources" className="text-sm text-slate-700">
            {e.sources.files} files: {e.sources.accessLogLines.toLocaleString()} access-log lines,{" "}
            {e.sources.cloudTrailRecords.toLocaleString()} CloudTrail records of this bucket
            {e.from && ` from ${e.from.slice(0, 16)} to ${e.to?.slice(0, 16)}`} (
            {e.sources.skipped.toLocaleString()} other or unreadable).
          </p>
          <RequestersTable requesters={e.requesters} />
        </>
      )}
      <p className="text-sm text-slate-600">{EVIDENCE_BLIND_SPOT}</p>
      {athena && (
        <details className="text-sm">
          <summary className="cursor-pointer font-medium">
            Logs too large for one machine: Athena tables and queries
          </summary>
          <div className="mt-2 space-y-2">
            <CopyBlock label="Server access logs" code={athena.accessLogs} />
            <CopyBlock label="CloudTrail" code={athena.cloudTrail} />
          </div>
        </details>
      )}
    </section>
  );
}

/** Each requester the logs name: how often, whether it relies on ACLs and how, what, where and when. */
function RequestersTable({
  requesters,
}: {
  requesters: NonNullable<MigrationPlanDto["evidence"]>["evidence"]["requesters"];
}) {
  return (
    <div className="overflow-x-auto" tabIndex={0}>
      <table data-testid="evidence-table" className="min-w-full text-left text-sm">
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="p-2">Requester</th>
            <th className="p-2">Requests</th>
            <th className="p-2">Relies on ACLs</th>
            <th className="p-2">Operations</th>
            <th className="p-2">Where</th>
            <th className="p-2">Seen</th>
          </tr>
        </thead>
        <tbody>
          {requesters.slice(0, 200).map((r) => (
            <tr
              key={r.requester}
              data-depends={dependsOnAcls(r)}
              className="border-t border-slate-100 align-top"
            >
              <td className="p-2 break-all">
                {r.requester}
                {r.accountId && <span className="block text-xs text-slate-500">account {r.accountId}</span>}
              </td>
              <td className="p-2">{r.requests.toLocaleString()}</td>
              <td className="p-2">
                {dependsOnAcls(r)
                  ? [
                      r.readsThroughAcl && `reads through an ACL ×${r.readsThroughAcl}`,
                      r.writesThroughAcl && `writes through an ACL ×${r.writesThroughAcl}`,
                      r.writesWithOtherAcl && `sends ${r.aclsSent.join(", ")} ×${r.writesWithOtherAcl}`,
                    ]
                      .filter(Boolean)
                      .join("; ")
                  : "no"}
              </td>
              <td className="p-2">{top(r.operations)}</td>
              <td className="p-2 break-all">{top(r.prefixes)}</td>
              <td className="p-2 text-xs">
                {r.firstSeen.slice(0, 16)} – {r.lastSeen.slice(0, 16)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
