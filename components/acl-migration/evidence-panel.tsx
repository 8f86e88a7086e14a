"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyBlock } from "@/components/ui/copy-block";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, Input } from "@/components/ui/field";
import { formatBytes } from "@/lib/format";
import type { AthenaScripts } from "@/lib/migrate/athena";
import { EVIDENCE_BLIND_SPOT, dependsOnAcls } from "@/lib/migrate/evidence";
import { useCancelEvidence, useEvidenceJob, useReadEvidence } from "@/lib/queries/acl-migration";
import type { MigrationPlanDto } from "@/lib/schemas/migration";
import type { EvidenceJob } from "@/lib/schemas/migration";

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

const ended: Record<Exclude<EvidenceJob["state"], "running">, string> = {
  completed: "Read",
  partial: "Read in part",
  cancelled: "Cancelled after",
  failed: "Failed after",
};

/** The latest reading: its progress while it runs (with a cancel), or how it ended. */
function JobLine({
  job,
  canCancel,
  onCancel,
}: {
  job: EvidenceJob;
  canCancel: boolean;
  onCancel: () => void;
}) {
  const read = `${job.files.toLocaleString()} files, ${formatBytes(job.bytes)} decompressed, ${job.requesters.toLocaleString()} requesters`;
  return (
    <p
      data-testid="evidence-job"
      data-state={job.state}
      className="flex flex-wrap items-center gap-2 text-sm"
      aria-live="polite"
    >
      {job.state === "running" ? (
        <>
          Reading logs: {read} so far{job.cancelRequested && " (stopping)"}.
          {canCancel && !job.cancelRequested && (
            <Button onClick={onCancel} variant="secondary" size="sm">
              Cancel
            </Button>
          )}
        </>
      ) : (
        <span className={job.state === "completed" ? "text-slate-700" : "text-amber-800"}>
          {ended[job.state]} {read}
          {job.error ? `: ${job.error}` : job.partial ? `: ${job.partial}` : ""}.
        </span>
      )}
    </p>
  );
}

type LogsRequest = { accessLogs: string | null; cloudTrail: string | null; since: string | null };

/** Where the logs are (filled with the last reading's), and from when. */
function LogsForm({
  last,
  reading,
  onRead,
}: {
  last: { accessLogs?: string | null; cloudTrail?: string | null; since?: string | null };
  reading: boolean;
  onRead: (request: LogsRequest) => void;
}) {
  const [form, setForm] = useState({
    accessLogs: last.accessLogs ?? "",
    cloudTrail: last.cloudTrail ?? "",
    since: last.since?.slice(0, 10) ?? "",
  });
  return (
    <form
      className="grid gap-2 text-sm sm:grid-cols-[1fr_1fr_10rem_auto] sm:items-end"
      onSubmit={(event) => {
        event.preventDefault();
        onRead({
          accessLogs: form.accessLogs.trim() || null,
          cloudTrail: form.cloudTrail.trim() || null,
          since: form.since || null,
        });
      }}
    >
      <Field>
        Server access logs
        <Input
          value={form.accessLogs}
          onChange={(x) => setForm({ ...form, accessLogs: x.target.value })}
          placeholder="s3://logs-bucket/prefix/"
        />
      </Field>
      <Field>
        CloudTrail
        <Input
          value={form.cloudTrail}
          onChange={(x) => setForm({ ...form, cloudTrail: x.target.value })}
          placeholder="s3://trail-bucket/AWSLogs/…/CloudTrail/"
        />
      </Field>
      <Field>
        Since
        <Input type="date" value={form.since} onChange={(x) => setForm({ ...form, since: x.target.value })} />
      </Field>
      <Button type="submit" disabled={reading} variant="primary">
        {reading ? "Reading…" : "Read logs"}
      </Button>
    </form>
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
