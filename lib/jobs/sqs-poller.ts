import "server-only";
import { confirmSnsSubscription, fetchSnsCertificate } from "@/lib/aws/sns-http";
import { deleteMessages, receiveMessages, sqsFor, type QueueMessage } from "@/lib/aws/sqs";
import { readTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { getConnection } from "@/lib/db/connections";
import { recordEvents, type WatchedBucket } from "@/lib/db/watch";
import { AppError } from "@/lib/errors";
import { interpretDelivery } from "@/lib/watch/delivery";

// An SQS message is at most 256 KiB; anything larger is not one of S3's.
const MAX_BODY = 256 * 1024;

export type PollResult = {
  messages: number;
  accepted: number;
  duplicates: number;
  refused: number;
  /** Left in the queue after a failure that may pass: SQS delivers them again. */
  kept: number;
};

/**
 * One round of polling a watched bucket's queue: each message's events (S3 records, an SNS envelope whose signature
 * verifies, or an EventBridge event) are committed, then those messages are deleted. A message that holds no event
 * (S3's test event, something malformed or forged) is deleted too, counted as refused: left in the queue it would
 * come back for ever. A message whose reading failed for a reason that may pass stays in the queue.
 */
export async function pollQueueOnce(
  db: Db,
  watch: WatchedBucket,
  waitSeconds: number,
  signal?: AbortSignal,
): Promise<PollResult> {
  const queueUrl = watch.setup.names.queueUrl;
  const connection = getConnection(db, watch.connectionId);
  if (typeof queueUrl !== "string" || !connection)
    return { messages: 0, accepted: 0, duplicates: 0, refused: 0, kept: 0 };
  const client = sqsFor(readTargetOf(connection));
  const messages = await receiveMessages(client, queueUrl, waitSeconds, signal);
  const result: PollResult = { messages: messages.length, accepted: 0, duplicates: 0, refused: 0, kept: 0 };
  const done: QueueMessage[] = [];
  for (const m of messages) {
    try {
      if (m.body.length > MAX_BODY) throw new AppError("bad_request", "too large");
      const delivery = await interpretDelivery(
        JSON.parse(m.body),
        { fetchCertificate: fetchSnsCertificate, confirmSubscription: confirmSnsSubscription },
        "sqs",
      );
      if (delivery.kind === "events") {
        // Only the watched bucket's own events: a queue shared with other buckets feeds those only if watched too.
        const r = recordEvents(db, watch.connectionId, "sqs", delivery.events, null, [watch.bucket]);
        result.accepted += r.accepted;
        result.duplicates += r.duplicates;
      }
      done.push(m);
    } catch (error) {
      // Malformed or refused for good: deleted and counted. Anything else (SNS's certificate out of reach, the
      // database busy) leaves the message in the queue, to come back after its visibility timeout.
      if (error instanceof SyntaxError || (error instanceof AppError && error.status < 500)) {
        result.refused++;
        done.push(m);
      } else result.kept++;
    }
  }
  await deleteMessages(client, queueUrl, done);
  return result;
}
