"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { CopyBlock } from "@/components/ui/copy-block";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, Input, Select } from "@/components/ui/field";
import { boxClass } from "@/components/ui/panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { formatBytes, countOf } from "@/lib/format";
import { useBatchJob, useHandoffBundle, useSubmitHandoff } from "@/lib/queries/handoff";
import type { OwnerCountDto } from "@/lib/schemas/scan";
/**
 * One submitted job, polled until it ends. Its completion report updates the scan's findings when the operator
 * applies it (once; read from where the job was told to write it).
 */
function SubmittedJob({ scanId, jobId, name }: { scanId: number; jobId: string; name: string }) {
  const { status, apply } = useBatchJob(scanId, jobId);
  const report = apply.data?.report ?? status.data?.report ?? null;
  return (
    <li data-testid="submitted-job" className="space-y-1">
      <span className="font-medium">{name}</span> · job <code>{jobId}</code> ·{" "}
      {status.error
        ? status.error.message
        : status.data
          ? `${status.data.status}${status.data.total !== null ? `, ${status.data.succeeded ?? 0} of ${status.data.total} done` : ""}`
          : "…"}
      {report ? (
        <span> · {report.applied} findings updated from its report (reported by Batch Operations)</span>
      ) : (
        status.data?.status === "Complete" && (
          <Button
            disabled={apply.isPending}
            onClick={() => apply.mutate()}
            variant="secondary"
            size="sm"
            className="ml-2"
          >
            {apply.isPending ? "Applying…" : "Apply its report to the scan"}
          </Button>
        )
      )}
      {apply.error && <ErrorPanel message={apply.error.message} />}
    </li>
  );
}

/**
 * For one foreign account: what it needs to fix its keys at scale with S3 Batch Operations (manifests, job
 * requests, the job role, the commands), when a bucket is too large for Ownerscope's own jobs.
 */
export function HandoffPanel({ scanId, owners }: { scanId: number; owners: OwnerCountDto[] }) {
  const foreign = owners.filter((o) => o.ownerId && !o.isBucketOwner);
  const [params, setParams] = useState<Record<string, string> | null>(null);
  const bundle = useHandoffBundle(scanId, params);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setParams(
      Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v).trim()]).filter(([, v]) => v)),
    );
  };
  const manifestHref = (job: string) =>
    `/api/scans/${scanId}/handoff/manifest?${new URLSearchParams({ ...params, job })}`;
  return (
    <section className={`${boxClass} p-4`}>
      <h2 className="text-sm font-semibold">Fix at scale: S3 Batch Operations hand-off</h2>
      <form
        onSubmit={submit}
        aria-label="Batch Operations hand-off"
        className="mt-3 grid gap-3 text-sm sm:grid-cols-5"
      >
        <Field size="sm">
          Foreign account
          <Select name="owner">
            {foreign.map((o) => (
              <option key={o.ownerId} value={o.ownerId!}>
                {o.name ?? o.ownerId} · {o.objects.toLocaleString()} keys
              </option>
            ))}
          </Select>
        </Field>
        <Field size="sm">
          Its account ID (12 digits)
          <Input name="accountId" required pattern="\d{12}" />
        </Field>
        <Field size="sm">
          Operation
          <Select name="strategy">
            <option value="grant">grant: PutObjectAcl bofc</option>
            <option value="reput">re-put: copy onto itself</option>
          </Select>
        </Field>
        <Field size="sm">
          Its bucket for manifests and reports
          <Input name="workBucket" required />
        </Field>
        <div className="flex items-end">
          <Button type="submit" variant="primary">
            Prepare hand-off
          </Button>
        </div>
      </form>
      {params && (
        <div className="mt-4 space-y-3 text-sm">
          {bundle.isPending ? (
            <SkeletonRows rows={3} />
          ) : bundle.error ? (
            <ErrorPanel message={bundle.error.message} />
          ) : (
            <>
              <ul className="space-y-1" aria-label="Jobs">
                {bundle.data.jobs.map((j) => (
                  <li
                    key={j.name}
                    data-testid="handoff-job"
                    data-job={j.name}
                    className="flex items-center gap-3"
                  >
                    <span className="font-medium">{j.name}</span>
                    <span className="text-slate-600">
                      {countOf(j.objects, "object")} · {formatBytes(j.bytes)}
                    </span>
                    <a href={manifestHref(j.name)} download className="text-sky-700 hover:underline">
                      Download manifest
                    </a>
                  </li>
                ))}
              </ul>
              {bundle.data.overLimit.count > 0 && (
                <p className="text-amber-800">
                  {countOf(bundle.data.overLimit.count, "object is", "objects are")} over 5 GB, which Batch
                  Operations cannot copy: fix them with Ownerscope (multipart copy).
                </p>
              )}
              {bundle.data.uncopyable.count > 0 && (
                <p className="text-amber-800">
                  {countOf(bundle.data.uncopyable.count, "object is", "objects are")} archived or in a storage
                  class a copy cannot restate: restore them, or fix them with Ownerscope.
                </p>
              )}
              <SubmitJobs scanId={scanId} params={params} />
              <CopyBlock
                label="Commands for the owning account (create the role, upload, create the jobs)"
                code={bundle.data.script}
              />
              <CopyBlock label="CreateJob requests" code={JSON.stringify(bundle.data.requests, null, 2)} />
              <CopyBlock
                label="Job role: trust policy"
                code={JSON.stringify(bundle.data.role.trustPolicy, null, 2)}
              />
              <CopyBlock
                label="Job role: permissions"
                code={JSON.stringify(bundle.data.role.permissionPolicy, null, 2)}
              />
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** Creates the jobs as the owning account's fixer (configured on the connection), then tracks them. */
function SubmitJobs({ scanId, params }: { scanId: number; params: Record<string, string> }) {
  const submit = useSubmitHandoff(scanId, params);
  return (
    <div className="space-y-2">
      <Button
        disabled={submit.isPending || submit.isSuccess}
        onClick={() => submit.mutate()}
        variant="secondary"
      >
        {submit.isPending ? "Submitting…" : "Submit the jobs with the account's fixer"}
      </Button>
      {submit.error && <ErrorPanel message={submit.error.message} />}
      {submit.data && (
        <ul className="space-y-1" aria-label="Submitted jobs">
          {submit.data.submitted.map((j) => (
            <SubmittedJob key={j.jobId} scanId={scanId} jobId={j.jobId} name={j.name} />
          ))}
        </ul>
      )}
    </div>
  );
}
