import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { GuardrailsPanel } from "@/components/writers/guardrails-panel";
import { WriterCard } from "@/components/writers/writer-card";
import { WritersLogs } from "@/components/writers/writers-logs";
import { bucketPageParams } from "@/lib/api/bucket-page";
import { bucketWriters } from "@/lib/api/writers";
import { allows } from "@/lib/auth/roles";
import { ownerTargetOf, readTargetOf } from "@/lib/connections/identities";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ connectionId: string; bucket: string }> };

/** Who keeps writing into the bucket without bucket-owner-full-control, the fix at each one's source, the guardrail. */
export default async function WritersPage({ params }: Props) {
  const { connection, bucket, user } = await bucketPageParams(params);
  const view = await bucketWriters(getDb(), {
    connectionId: connection.id,
    bucket,
    target: ownerTargetOf(connection) ?? readTargetOf(connection),
  });
  const canOperate = allows(user.role, "operator");
  return (
    <div className="space-y-4">
      <h2 className="text-lg font-semibold">Who keeps writing</h2>
      <p className="text-sm text-slate-600" data-testid="writers-source">
        {view.logs ? (
          <>
            From the logs of <Time at={view.logs.from ?? view.logs.readAt} /> to{" "}
            <Time at={view.logs.to ?? view.logs.readAt} />
            {view.logs.partial && ` (read in part: ${view.logs.partial})`}
          </>
        ) : (
          "No logs read yet"
        )}
        {view.scan ? (
          <>
            , judged against the scan of <Time at={view.scan.finishedAt ?? ""} />.
          </>
        ) : (
          ". No scan of this bucket yet: a scan tells which writers' objects the owner cannot read."
        )}
        {view.ownWriters > 0 &&
          ` ${view.ownWriters} writers of the bucket owner's own account are not shown.`}
        {!!view.logs?.otherWrites &&
          ` The logs name more writers than are kept: ${view.logs.otherWrites} writes by lighter writers than the 200 heaviest are not shown.`}
      </p>
      {canOperate && <WritersLogs connectionId={connection.id} bucket={bucket} />}
      {view.writers.length === 0 ? (
        <EmptyState title="No other account's writer on record">
          No log read names one, no event of the bucket did, and its newest scan found no object another
          account owns. Read the bucket&apos;s server access logs or CloudTrail data events above: each writer
          they name is shown here with its tool and the setting that makes it send bucket-owner-full-control.
        </EmptyState>
      ) : (
        <div className="space-y-3">
          {view.writers.map((w) => (
            <WriterCard
              key={w.id}
              w={w}
              connectionId={connection.id}
              bucket={bucket}
              canOperate={canOperate}
            />
          ))}
        </div>
      )}
      {view.writers.length > 0 && <GuardrailsPanel g={view.guardrails} />}
    </div>
  );
}
