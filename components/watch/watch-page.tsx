"use client";

import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { Time } from "@/components/ui/time";
import { countOf } from "@/lib/format";
import { useUrlState } from "@/lib/hooks/use-url-state";
import { useRetryFailed, useWatchView } from "@/lib/queries/watch";
import { FixByRulePanel } from "./fix-by-rule-panel";
import { GapsPanel } from "./gaps-panel";
import { LiveTable } from "./live-table";
import { RulesPanel } from "./rules-panel";
import { SchedulePanel } from "./schedule-panel";
import { SetupPanel } from "./setup-panel";

/** Watching one bucket: what arrived (live findings first), then the feed's setup, the schedule, alerts, fixing. */
export function WatchPage({
  connectionId,
  bucket,
  canOperate,
  isAdmin,
}: {
  connectionId: string;
  bucket: string;
  canOperate: boolean;
  isAdmin: boolean;
}) {
  const { params, set } = useUrlState();
  const owner = params.get("owner");
  const before = Number(params.get("before")) || null;
  const view = useWatchView(connectionId, bucket, owner, before);
  if (view.isPending) return <SkeletonRows rows={6} />;
  if (view.error) return <ErrorPanel message={view.error.message} onRetry={() => view.refetch()} />;
  const v = view.data;
  const c = v.counts;
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-700" aria-live="polite">
        {v.watch ? (
          <>
            Watching through <strong>{v.watch.source}</strong> since <Time at={v.watch.createdAt} />.{" "}
            <span data-testid="watch-counts">
              {countOf(c.checked, "event")} checked, {c.pending} waiting, {c.failed} failed;{" "}
              {countOf(c.alerting, "object")} the bucket owner cannot use
            </span>
            {c.lastEventAt && (
              <>
                ; last event <Time at={c.lastEventAt} relative seconds />
              </>
            )}
            .
          </>
        ) : (
          <>
            This bucket is not watched yet: set up the feed below, and every object written to it is checked
            as it lands.
          </>
        )}
      </p>
      {canOperate && c.failed > 0 && (
        <RetryFailed connectionId={connectionId} bucket={bucket} failed={c.failed} />
      )}
      <GapsPanel gaps={v.gaps} />
      <LiveTable
        live={v.live}
        accounts={v.accounts}
        owner={owner}
        onOwner={(o) => set({ owner: o, before: null })}
        nextBefore={v.nextBefore}
        onPage={(b) => set({ before: b === null ? null : String(b) })}
        paged={before !== null}
      />
      {/* Setting up shows the intake's secret: an admin's. */}
      <SetupPanel connectionId={connectionId} bucket={bucket} view={v} canOperate={isAdmin} />
      <SchedulePanel connectionId={connectionId} bucket={bucket} view={v} canOperate={canOperate} />
      <RulesPanel connectionId={connectionId} bucket={bucket} view={v} canOperate={canOperate} />
      <FixByRulePanel connectionId={connectionId} bucket={bucket} view={v} isAdmin={isAdmin} />
    </div>
  );
}

/** Events whose checks kept failing (an outage longer than their retries): checked again on request. */
function RetryFailed({
  connectionId,
  bucket,
  failed,
}: {
  connectionId: string;
  bucket: string;
  failed: number;
}) {
  const retry = useRetryFailed(connectionId, bucket);
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm text-red-800">
      {failed} events could not be checked (S3 refused or was out of reach).
      <Button variant="secondary" disabled={retry.isPending} onClick={() => retry.mutate(undefined)}>
        Check them again
      </Button>
    </p>
  );
}
