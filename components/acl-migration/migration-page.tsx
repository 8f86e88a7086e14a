"use client";

import Link from "next/link";
import { useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { boxClass } from "@/components/ui/panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { useUrlState } from "@/lib/hooks/use-url-state";
import { impactInWords } from "@/lib/migrate/summary";
import { useMigrationPlan } from "@/lib/queries/acl-migration";
import { ApiError } from "@/lib/queries/fetch-json";
import { CutoverSteps } from "./cutover-steps";
import { EvidencePanel } from "./evidence-panel";
import { PolicyDiff } from "./policy-diff";
import { ReadinessReport } from "./readiness-report";

/** Disabling ACLs on one bucket: the report first, then the evidence, the policy, and the steps. */
export function MigrationPage({
  connectionId,
  bucket,
  canOperate,
  bucketHref,
}: {
  connectionId: string;
  bucket: string;
  canOperate: boolean;
  /** The bucket's findings page, where a scan starts. */
  bucketHref: string;
}) {
  const { params, set } = useUrlState();
  // The URL holds the choice (a shared link keeps it); the checkbox follows the click at once, not the URL's echo.
  const [includePublic, setIncludePublic] = useState(params.get("public") === "1");
  const plan = useMigrationPlan(connectionId, bucket, includePublic);
  if (plan.isPending) return <SkeletonRows rows={6} />;
  if (plan.error instanceof ApiError && plan.error.code === "needs_scan")
    return (
      <EmptyState title="Scan this bucket first">
        Disabling ACLs is planned from a completed scan of the whole bucket: it says who owns each object and
        what its ACL grants.{" "}
        {canOperate ? (
          <>
            <Link href={bucketHref} className="font-medium text-sky-700 underline">
              Go to the findings and scan it
            </Link>{" "}
            (a full scan reads every object&apos;s ACL).
          </>
        ) : (
          "An operator can scan it (a full scan reads every object's ACL)."
        )}
      </EmptyState>
    );
  if (plan.error) return <ErrorPanel message={plan.error.message} onRetry={() => plan.refetch()} />;
  const p = plan.data;
  return (
    <div className="space-y-8" aria-busy={plan.isPlaceholderData}>
      <section
        aria-label="Summary"
        data-testid="migration-summary"
        className={`${boxClass} space-y-1 p-4 text-sm`}
      >
        <p className="text-base font-medium">{impactInWords(p.readiness)}</p>
        <p className="text-slate-600">
          From scan {p.scan.id} ({p.scan.mode}
          {p.scan.finishedAt && `, ${p.scan.finishedAt.slice(0, 16).replace("T", " ")} UTC`}) and the
          bucket&apos;s settings read now. Object Ownership: <strong>{p.objectOwnership.value}</strong>
          {!p.objectOwnership.confirmed && " (the endpoint did not confirm it)"}. Below: the report, the
          evidence from logs, the policy&apos;s changes, then the steps, each confirmed on its own.
        </p>
      </section>
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
