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
  const job = useEvidenceJob(connectionId, bucket).data?.job ?? null;
  const cancel = useCancelEvidence(connectionId, bucket);
  const state = job?.state;
  const was = useRef(state);
  useEffect(() => {
    if (was.current === "running" && state !== "running") router.refresh();
    was.current = state;
  }, [state, router]);
  return (
    <div className="space-y-2">
      <LogsForm last={{}} reading={read.isPending || state === "running"} onRead={(r) => read.mutate(r)} />
      {read.error && <ErrorPanel message={read.error.message} />}
      {job && <JobLine job={job} canCancel onCancel={() => cancel.mutate()} />}
    </div>
  );
}
