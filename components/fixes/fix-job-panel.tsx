"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { ProgressBar } from "@/components/ui/progress-bar";
import { useOncePer } from "@/lib/hooks/use-once-per";
import { useFixControl, useFixItems, useFixJob } from "@/lib/queries/fixes";
import { keys } from "@/lib/queries/keys";

/** A fix job: live progress, then every object's result with its reason, and retry of the failures. */
export function FixJobPanel({ jobId, onClose }: { jobId: number; onClose: () => void }) {
  const job = useFixJob(jobId);
  const running = job.data?.status === "running";
  const items = useFixItems(jobId, undefined, running);
  const control = useFixControl(jobId);
  const queryClient = useQueryClient();
  // When the job ends (even before the first poll saw it run), the scan's findings, which the fix updated, and the
  // results are read again.
  useOncePer(job.data && !running ? `${job.data.status}:${job.data.done}` : null, () => {
    void queryClient.invalidateQueries({ queryKey: keys.scans() });
    void queryClient.invalidateQueries({ queryKey: keys.fixItems(jobId, undefined) });
  });

  if (job.isPending) return null;
  if (job.error) return <ErrorPanel message={job.error.message} onRetry={() => job.refetch()} />;
  const j = job.data;
  const pct = j.total > 0 ? Math.floor((j.done / j.total) * 100) : 100;
  const failures = (items.data?.items ?? []).filter(
    (i) => i.state === "failed" || i.state === "changed-since-scan",
  );

  return (
    <section
      id="fix-job"
      aria-label="Fix job"
      className="scroll-mt-4 space-y-3 rounded-lg border border-sky-200 bg-sky-50/40 p-4"
    >
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span className="font-semibold">Fix job #{j.id}</span>
        <span data-testid="fix-status" data-status={j.status} className="rounded bg-white px-1.5 py-0.5">
          {j.status}
        </span>
        <span data-testid="fix-counts" className="text-slate-600">
          {j.counts.fixed} fixed · {j.counts.skipped} skipped · {j.counts.failed} failed ·{" "}
          {j.counts["changed-since-scan"]} changed since the scan
          {running && ` · ${j.done} of ${j.total}`}
        </span>
        <span className="ml-auto flex gap-2">
          {running && (
            <Button onClick={() => control.mutate("pause")} variant="secondary" size="sm">
              Pause
            </Button>
          )}
          {(j.status === "paused" || j.status === "failed") && (
            <Button onClick={() => control.mutate("resume")} variant="secondary" size="sm">
              Resume
            </Button>
          )}
          {(running || j.status === "paused") && (
            <Button onClick={() => control.mutate("cancel")} variant="secondary" size="sm">
              Cancel
            </Button>
          )}
          {!running && failures.length > 0 && (
            <Button onClick={() => control.mutate("retry")} variant="primary" size="sm">
              Retry {failures.length} failed
            </Button>
          )}
          <Button onClick={onClose} variant="ghost" size="sm">
            Hide
          </Button>
        </span>
      </div>
      {running && <ProgressBar percent={pct} track="bg-white" />}
      {control.error && <ErrorPanel message={control.error.message} />}
      {failures.length > 0 && (
        <ul className="space-y-1 text-xs" aria-label="Failures">
          {failures.map((f) => (
            <li
              key={`${f.key}\u0000${f.versionId}`}
              data-testid="fix-failure"
              className="rounded bg-white p-2"
            >
              <code className="font-mono">{f.key}</code>: <span className="font-semibold">{f.state}</span> —{" "}
              {f.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One line on a fix job, for the findings' sticky toolbar: how far it is, and a link up to its panel. */
export function FixJobInline({ jobId }: { jobId: number }) {
  const job = useFixJob(jobId);
  if (!job.data) return null;
  const j = job.data;
  return (
    <p data-testid="fix-job-inline" data-status={j.status} role="status" className="text-xs text-slate-700">
      <a href="#fix-job" className="font-medium text-sky-700 hover:underline">
        Fix job #{j.id}
      </a>{" "}
      {j.status === "running"
        ? `running: ${j.done.toLocaleString()} of ${j.total.toLocaleString()}`
        : `${j.status}: ${j.counts.fixed.toLocaleString()} fixed, ${j.counts.failed.toLocaleString()} failed`}
    </p>
  );
}
