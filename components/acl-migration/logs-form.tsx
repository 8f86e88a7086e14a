"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { formatBytes } from "@/lib/format";
import type { EvidenceJob } from "@/lib/schemas/migration";

// Reading a bucket's logs: where they are, and how the latest reading goes. The evidence of who relies on ACLs
// (components/acl-migration/evidence-panel.tsx) and the writers view (components/writers/) read the same logs.

const ended: Record<Exclude<EvidenceJob["state"], "running">, string> = {
  completed: "Read",
  partial: "Read in part",
  cancelled: "Cancelled after",
  failed: "Failed after",
};

/** The latest reading: its progress while it runs (with a cancel), or how it ended. */
export function JobLine({
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

export type LogsRequest = {
  accessLogs: string | null;
  cloudTrail: string | null;
  metadataJournal?: string | null;
  since: string | null;
};

/**
 * Where the logs are (filled with the last reading's), and from when; with `journal`, also where S3 Metadata
 * journal rows are (they tell writers, not who relies on ACLs).
 */
export function LogsForm({
  last,
  reading,
  onRead,
  journal = false,
}: {
  last: { accessLogs?: string | null; cloudTrail?: string | null; since?: string | null };
  reading: boolean;
  onRead: (request: LogsRequest) => void;
  journal?: boolean;
}) {
  const [form, setForm] = useState({
    accessLogs: last.accessLogs ?? "",
    cloudTrail: last.cloudTrail ?? "",
    metadataJournal: "",
    since: last.since?.slice(0, 10) ?? "",
  });
  return (
    <form
      className={`grid gap-2 text-sm sm:items-end ${journal ? "sm:grid-cols-[1fr_1fr_1fr_10rem_auto]" : "sm:grid-cols-[1fr_1fr_10rem_auto]"}`}
      onSubmit={(event) => {
        event.preventDefault();
        onRead({
          accessLogs: form.accessLogs.trim() || null,
          cloudTrail: form.cloudTrail.trim() || null,
          ...(journal ? { metadataJournal: form.metadataJournal.trim() || null } : {}),
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
      {journal && (
        <Field>
          S3 Metadata journal (Parquet)
          <Input
            value={form.metadataJournal}
            onChange={(x) => setForm({ ...form, metadataJournal: x.target.value })}
            placeholder="s3://export-bucket/journal/"
          />
        </Field>
      )}
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
