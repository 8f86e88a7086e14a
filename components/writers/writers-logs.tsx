"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { JobLine, LogsForm } from "@/components/acl-migration/logs-form";
import { ErrorPanel } from "@/components/ui/error-panel";
import { useCancelEvidence, useEvidenceJob, useReadEvidence } from "@/lib/queries/acl-migration";

/** Reads the bucket's logs (operators); when a reading ends, the page shows the writers it found. */
export function WritersLogs({ connectionId, bucket }: { connectionId: string; bucket: string }) {
  const router = useRouter();
  const read = useReadEvidence(connectionId, bucket);
  const jobs = useEvidenceJob(connectionId, bucket);
  const job = jobs.data?.job ?? null;
  const cancel = useCancelEvidence(connectionId, bucket);
  // A reading that ends after the page was drawn (even one too quick to be seen running) redraws it with its writers.
  const first = useRef<number | null | undefined>(undefined);
  const shown = useRef<number | null>(null);
  useEffect(() => {
    if (!jobs.isFetched) return;
    if (first.current === undefined) first.current = !job || job.state === "running" ? null : job.id;
    if (job && job.state !== "running" && job.id !== first.current && job.id !== shown.current) {
      shown.current = job.id;
      router.refresh();
    }
  }, [job, jobs.isFetched, router]);
  return (
    <div className="space-y-2">
      <LogsForm
        last={{}}
        reading={read.isPending || job?.state === "running"}
        onRead={(r) => read.mutate(r)}
        journal
      />
      {read.error && <ErrorPanel message={read.error.message} />}
      {job && <JobLine job={job} canCancel onCancel={() => cancel.mutate()} />}
    </div>
  );
}
