import "server-only";
import { getBucketOwnerId } from "@/lib/aws/buckets";
import { toAppError } from "@/lib/aws/errors";
import {
  accountIdOf,
  createGatewayTopic,
  readNotification,
  writeNotification,
} from "@/lib/aws/notifications";
import { ownerTargetOf, readTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { appendAudit } from "@/lib/db/audit-log";
import { getConnection } from "@/lib/db/connections";
import { bucketSecret } from "@/lib/db/intake-secrets";
import { watchBucket, watchedBucket, type WatchedBucket } from "@/lib/db/watch";
import { AppError } from "@/lib/errors";
import { setupPlan, type SetupPlan, type WatchSourceKind } from "@/lib/watch/setup-plan";

export type SetupRequest = {
  connectionId: string;
  bucket: string;
  kind: WatchSourceKind;
  /** The intake as the sender reaches it: this server's address and the connection's path. */
  baseUrl: string;
  /** Write the configuration (gateway: topic and notification) through the bucket owner's writer. */
  apply: boolean;
  /** Watch the bucket from now on (implied by apply); without either, the setup is only shown. */
  watch: boolean;
  /** The bucket owner's account ID, for the ARNs of SNS, EventBridge and SQS (asked of STS when absent). */
  accountId?: string;
  actor: string;
};

export type SetupResult = {
  plan: SetupPlan;
  applied: string[];
  watch: WatchedBucket | null;
  intakeUrl: string;
};

export const intakePath = (connectionId: string) => `/api/watch/${encodeURIComponent(connectionId)}/events`;

/**
 * Starts watching a bucket: reads its owner and notification configuration, makes the configuration that feeds
 * the intake (JSON and commands), and, when asked, writes it where the connection's bucket-owner identity may. The
 * bucket is watched from here on: events for it are accepted, whichever way they come.
 */
// eslint-disable-next-line max-lines-per-function -- read, plan, apply and record are one sequence whose order is the safety (nothing written before the plan, the audit entry after)
export async function setUpWatch(db: Db, r: SetupRequest): Promise<SetupResult> {
  const connection = getConnection(db, r.connectionId);
  if (!connection) throw new AppError("not_found", `No connection "${r.connectionId}".`);
  const read = readTargetOf(connection);
  const owner = ownerTargetOf(connection);
  const ownerId = await getBucketOwnerId(read, r.bucket);
  const actor = owner ?? read;
  const existing = await readNotification(actor, r.bucket).catch((error: unknown) => {
    throw toAppError(error, `read the notification configuration of ${r.bucket}`);
  });
  const intakeUrl = new URL(intakePath(r.connectionId), r.baseUrl).href;
  const secret = bucketSecret(db, r.connectionId, r.bucket);
  const accountId = r.kind === "gateway" ? null : (r.accountId ?? (await accountIdOf(actor)));
  if (r.kind !== "gateway" && !accountId)
    throw new AppError(
      "bad_request",
      "The bucket owner's account ID could not be learnt (STS GetCallerIdentity failed): give it (account ID, --account-id).",
    );
  const input = {
    kind: r.kind,
    bucket: r.bucket,
    accountId,
    region: connection.region,
    endpointUrl: connection.endpointUrl,
    intakeUrl,
    secret,
    existing,
  };
  let plan = setupPlan(input);
  const applied: string[] = [];
  if (r.apply) {
    if (r.kind !== "gateway")
      throw new AppError(
        "bad_request",
        "Only the gateway's setup is applied by Ownerscope; run the commands shown as the bucket owner.",
      );
    if (!owner)
      throw new AppError(
        "bad_request",
        "The connection names no bucket-owner writer; add one, or run the commands shown.",
      );
    try {
      // What the plan was made from must still be there: an entry someone added since would be lost by the write.
      const now = await readNotification(owner, r.bucket);
      if (JSON.stringify(now) !== JSON.stringify(existing))
        throw new AppError(
          "conflict",
          `The notification configuration of ${r.bucket} changed while planning: try again.`,
        );
      const topicArn = await createGatewayTopic(
        owner,
        plan.names.topic!,
        plan.documents.topicAttributes as Record<string, string>,
      );
      applied.push(`topic ${topicArn}`);
      plan = setupPlan({ ...input, gatewayTopicArn: topicArn });
      await writeNotification(owner, r.bucket, plan.notification);
      applied.push(`notification configuration of ${r.bucket}`);
    } catch (error) {
      throw error instanceof AppError ? error : toAppError(error, `set up notifications for ${r.bucket}`);
    }
    appendAudit(db, {
      actor: r.actor,
      jobId: null,
      connectionId: r.connectionId,
      bucket: r.bucket,
      key: null,
      versionId: null,
      action: "watch:setup",
      ownerBefore: null,
      accessBefore: null,
      ownerAfter: null,
      accessAfter: null,
      result: "ok",
      reason: applied.join("; "),
      grantsBefore: null,
      grantsAfter: null,
    });
  }
  // Shown only (a preview) unless asked to watch: the watch as it is stays as it is.
  const watch =
    r.apply || r.watch
      ? watchBucket(db, {
          connectionId: r.connectionId,
          bucket: r.bucket,
          ownerId,
          source: r.kind,
          setup: { names: plan.names, applied, intakeUrl },
        })
      : (watchedBucket(db, r.connectionId, r.bucket) ?? null);
  return { plan, applied, watch, intakeUrl };
}
