"use client";

import { useState } from "react";
import { ErrorPanel } from "@/components/ui/error-panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { useUrlState } from "@/lib/hooks/use-url-state";
import { useMigrationPlan } from "@/lib/queries/acl-migration";
import { CutoverSteps } from "./cutover-steps";
import { EvidencePanel } from "./evidence-panel";
import { PolicyDiff } from "./policy-diff";
import { ReadinessReport } from "./readiness-report";

/** Disabling ACLs on one bucket: the report first, then the evidence, the policy, and the steps. */
export function MigrationPage({
  connectionId,
  bucket,
  canOperate,
}: {
  connectionId: string;
  bucket: string;
  canOperate: boolean;
}) {
  const { params, set } = useUrlState();
  // The URL holds the choice (a shared link keeps it); the checkbox follows the click at once, not the URL's echo.
  const [includePublic, setIncludePublic] = useState(params.get("public") === "1");
  const plan = useMigrationPlan(connectionId, bucket, includePublic);
  if (plan.isPending) return <SkeletonRows rows={6} />;
  if (plan.error) return <ErrorPanel message={plan.error.message} onRetry={() => plan.refetch()} />;
  const p = plan.data;
  return (
    <div className="space-y-8" aria-busy={plan.isPlaceholderData}>
      <p className="text-sm text-slate-600">
        From scan {p.scan.id} ({p.scan.mode}
        {p.scan.finishedAt && `, ${p.scan.finishedAt.slice(0, 16).replace("T", " ")}`}) and the bucket&apos;s
        settings read now. Object Ownership: <strong>{p.objectOwnership.value}</strong>
        {!p.objectOwnership.confirmed && " (the endpoint did not confirm it)"}.
      </p>
      <ReadinessReport readiness={p.readiness} />
      <EvidencePanel
        connectionId={connectionId}
        bucket={bucket}
        evidence={p.evidence}
        athena={p.athena}
        canOperate={canOperate}
      />
      <PolicyDiff
        translation={p.translation}
        error={p.translationError}
        includePublic={includePublic}
        onIncludePublic={(v) => {
          setIncludePublic(v);
          set({ public: v ? "1" : null });
        }}
      />
      <CutoverSteps
        connectionId={connectionId}
        bucket={bucket}
        plan={p}
        canOperate={canOperate}
        planLoading={plan.isPlaceholderData}
      />
    </div>
  );
}
