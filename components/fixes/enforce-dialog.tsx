"use client";

import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Modal } from "@/components/ui/modal";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { countOf } from "@/lib/format";
import { useEnforce, useEnforcePlan } from "@/lib/queries/fixes";
import { useStartScan } from "@/lib/queries/scans";
import type { ScanDto } from "@/lib/schemas/scan";

/** BucketOwnerEnforced for the whole bucket: its blockers and effects first, then one confirmed request. */
export function EnforceDialog({
  scan,
  onClose,
  onRescanned,
}: {
  scan: Pick<ScanDto, "id" | "bucket" | "prefix" | "mode" | "versions"> & { connectionId: string };
  onClose: () => void;
  onRescanned: (scanId: number) => void;
}) {
  const { connectionId, id: scanId } = scan;
  const plan = useEnforcePlan({ connectionId, scanId });
  const enforce = useEnforce();
  const rescan = useStartScan();
  const done = enforce.data;

  return (
    <Modal
      label="Enforce bucket owner"
      width="max-w-3xl"
      title={`Enforce the bucket owner${plan.data ? ` on ${plan.data.bucket}` : ""}`}
      onClose={onClose}
    >
      {plan.isPending ? (
        <SkeletonRows rows={3} />
      ) : plan.error ? (
        <ErrorPanel message={plan.error.message} onRetry={() => plan.refetch()} />
      ) : (
        <>
          <p className="text-sm text-slate-700">
            Object Ownership <strong>BucketOwnerEnforced</strong> disables ACLs: the bucket owner owns every
            object. Now: <strong>{plan.data.objectOwnership.value}</strong>
            {!plan.data.objectOwnership.confirmed && " (unconfirmed)"}; the last scan found{" "}
            {countOf(plan.data.foreignObjects, "foreign-owned object")}.
          </p>
          <div data-testid="enforce-plan" className="rounded border border-slate-200 p-3 text-sm">
            {plan.data.decision.kind === "enforce" ? (
              <>
                <p className="font-medium">
                  {plan.data.request}, by {plan.data.actor}
                </p>
                <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-600">
                  {plan.data.decision.effects.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
              </>
            ) : (
              <p className={plan.data.decision.kind === "blocked" ? "text-red-700" : "text-slate-600"}>
                {plan.data.decision.kind === "skip" ? "Nothing to do: " : ""}
                {plan.data.decision.reason}
              </p>
            )}
          </div>
          {(enforce.error ?? rescan.error) && (
            <ErrorPanel message={(enforce.error ?? rescan.error)!.message} />
          )}
          {done && (
            <div
              data-testid="enforce-result"
              data-result={done.result}
              className={`rounded p-3 text-sm ${done.result === "fixed" ? "bg-emerald-50 text-emerald-900" : "bg-red-50 text-red-800"}`}
            >
              {done.result === "fixed" ? (
                <>
                  BucketOwnerEnforced is set: every object in {done.bucket} is now the bucket owner&apos;s.
                  Scan again to see it.
                </>
              ) : (
                <>Not enforced: {done.reason}. Nothing was changed.</>
              )}
            </div>
          )}
          <div className="flex justify-end gap-2">
            <Button onClick={onClose} variant="secondary">
              {done ? "Close" : "Cancel"}
            </Button>
            {done?.result === "fixed" ? (
              <Button
                disabled={rescan.isPending}
                onClick={() =>
                  rescan.mutate(
                    {
                      connectionId,
                      bucket: scan.bucket,
                      prefix: scan.prefix,
                      mode: scan.mode,
                      versions: scan.versions,
                    },
                    { onSuccess: ({ scanId: next }) => onRescanned(next) },
                  )
                }
                variant="primary"
              >
                Scan again
              </Button>
            ) : (
              <Button
                disabled={plan.data.decision.kind !== "enforce" || enforce.isPending || done !== undefined}
                onClick={() => enforce.mutate({ connectionId, scanId })}
                variant="danger"
              >
                {enforce.isPending ? "Enforcing…" : "Enforce BucketOwnerEnforced"}
              </Button>
            )}
          </div>
        </>
      )}
    </Modal>
  );
}
