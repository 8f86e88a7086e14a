import "server-only";
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { credentialsFor, type AwsTarget } from "@/lib/aws/clients";

export type QueueMessage = { id: string; receiptHandle: string; body: string };

const globalForSqs = globalThis as unknown as { ownerscopeSqsClients?: Map<string, SQSClient> };

/**
 * One cached SQS client per identity and endpoint: a queue is polled every second, and a new client would read the
 * profile and assume the role again each time.
 */
export function sqsFor(target: AwsTarget): SQSClient {
  const clients = (globalForSqs.ownerscopeSqsClients ??= new Map());
  const key = JSON.stringify([
    target.profile,
    target.roleArn,
    target.externalId,
    target.sessionName,
    target.region,
    target.endpointUrl,
    target.stsEndpointUrl,
  ]);
  let client = clients.get(key);
  if (!client) {
    client = new SQSClient({
      region: target.region,
      credentials: credentialsFor(target),
      ...(target.endpointUrl ? { endpoint: target.endpointUrl } : {}),
    });
    clients.set(key, client);
  }
  return client;
}

/** Up to ten messages, waiting up to `waitSeconds` for the first (long polling). */
export async function receiveMessages(
  client: SQSClient,
  queueUrl: string,
  waitSeconds: number,
  signal?: AbortSignal,
): Promise<QueueMessage[]> {
  const out = await client.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: waitSeconds }),
    { abortSignal: signal },
  );
  return (out.Messages ?? []).flatMap((m) =>
    m.MessageId && m.ReceiptHandle
      ? [{ id: m.MessageId, receiptHandle: m.ReceiptHandle, body: m.Body ?? "" }]
      : [],
  );
}

/** Deletes messages once their events are committed (a message not deleted comes back after its visibility timeout). */
export async function deleteMessages(
  client: SQSClient,
  queueUrl: string,
  messages: QueueMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  const out = await client.send(
    new DeleteMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.receiptHandle })),
    }),
  );
  if (out.Failed?.length) throw new Error(`SQS refused to delete ${out.Failed.length} message(s)`);
}
