"use client";

import { CopyBlock } from "@/components/ui/copy-block";
import { ErrorPanel } from "@/components/ui/error-panel";
import { boxClass } from "@/components/ui/panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { useGuidance } from "@/lib/queries/fixes";

/**
 * For each foreign account: what its writers must change, and the two policies that hold them to it. Shown in its
 * own tab and read only then: it summarizes the whole scan, which a large bucket's page should not wait for.
 */
export function WriterGuidancePanel({ scanId }: { scanId: number }) {
  const guidance = useGuidance(scanId, true);
  return (
    <section className={`${boxClass} p-4`}>
      <h2 className="text-sm font-semibold">Stop new foreign objects: guidance for the writers</h2>
      <div className="mt-3 space-y-6">
        {guidance.isPending && <SkeletonRows rows={3} />}
        {guidance.error && <ErrorPanel message={guidance.error.message} onRetry={() => guidance.refetch()} />}
        {guidance.data?.map((g) => (
          <section
            key={g.account.canonicalId}
            aria-label={`Guidance for ${g.account.name}`}
            className="space-y-3"
          >
            <h3 className="text-sm font-semibold">
              {g.account.name} <code className="text-xs text-slate-500">{g.account.canonicalId}</code>
            </h3>
            <p className="text-xs text-slate-600">
              Writers in this account must send the canned ACL bucket-owner-full-control with every object:
            </p>
            <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
              {g.snippets.map((s) => (
                <CopyBlock key={s.label} label={s.label} code={s.code} />
              ))}
            </div>
            <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
              <CopyBlock
                label="Bucket policy for this bucket (the bucket owner applies it)"
                code={g.bucketPolicy}
              />
              <CopyBlock label="IAM policy for the writer (its account applies it)" code={g.writerPolicy} />
            </div>
          </section>
        ))}
      </div>
    </section>
  );
}
