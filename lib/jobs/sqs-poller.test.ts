// The SQS feed against a local server speaking SQS's documented JSON protocol (AmazonSQS.ReceiveMessage and
// DeleteMessageBatch over awsJson1_0); the lab's gateway has no SQS.
import { createHash } from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { saveConnection } from "@/lib/db/connections";
import { watchBucket, watchCounts } from "@/lib/db/watch";
import { setupPlan } from "@/lib/watch/setup-plan";
import { pollQueueOnce } from "./sqs-poller";
import type { AddressInfo } from "node:net";

let server: http.Server;
let endpoint: string;
let queue: { id: string; body: string }[] = [];
const deleted: string[] = [];
const targets: string[] = [];

const record = (key: string, bucket = "bucket-b") => ({
  Records: [
    {
      eventSource: "aws:s3",
      eventName: "ObjectCreated:Put",
      eventTime: "2026-12-03T09:14:00.000Z",
      userIdentity: { principalId: "AWS:AIDAEXAMPLE" },
      s3: {
        bucket: { name: bucket, ownerIdentity: { principalId: "A3OWNER" } },
        object: { key, size: 1, eTag: "abc", sequencer: "01" },
      },
    },
  ],
});

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = "AKIDTEST";
  process.env.AWS_SECRET_ACCESS_KEY = "secret";
  server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString("utf8")));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"]);
      targets.push(target);
      const body = JSON.parse(text || "{}") as { Entries?: { Id: string; ReceiptHandle: string }[] };
      res.setHeader("content-type", "application/x-amz-json-1.0");
      if (target === "AmazonSQS.ReceiveMessage") {
        const batch = queue.splice(0, 10);
        res.end(
          JSON.stringify({
            Messages: batch.map((m) => ({
              MessageId: m.id,
              ReceiptHandle: `handle-${m.id}`,
              MD5OfBody: createHash("md5").update(m.body).digest("hex"),
              Body: m.body,
            })),
          }),
        );
      } else if (target === "AmazonSQS.DeleteMessageBatch") {
        deleted.push(...(body.Entries ?? []).map((e) => e.ReceiptHandle));
        res.end(JSON.stringify({ Successful: (body.Entries ?? []).map((e) => ({ Id: e.Id })), Failed: [] }));
      } else {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: "InvalidAction", message: target }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => server?.close());

function watched(db: Db) {
  saveConnection(db, { id: "c", name: "c", region: "us-east-1", endpointUrl: endpoint });
  const plan = setupPlan({
    kind: "sqs",
    bucket: "bucket-b",
    accountId: "111122223333",
    region: "us-east-1",
    endpointUrl: endpoint,
    intakeUrl: "https://ownerscope.example/api/watch/c/events",
    secret: "s",
    existing: {},
  });
  return watchBucket(db, {
    connectionId: "c",
    bucket: "bucket-b",
    ownerId: "owner",
    source: "sqs",
    setup: { names: plan.names },
  });
}

describe("polling an SQS queue", () => {
  it("commits each message's events, then deletes them and the malformed ones, keeping what may pass", async () => {
    const db = openDb(":memory:");
    const w = watched(db);
    queue = [
      { id: "1", body: JSON.stringify(record("exports/a+b.csv")) },
      { id: "2", body: JSON.stringify(record("exports/a+b.csv")) },
      { id: "3", body: "not json" },
      { id: "4", body: JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent" }) },
      { id: "5", body: JSON.stringify(record("elsewhere.csv", "another-bucket")) },
      {
        id: "6",
        body: JSON.stringify({
          Type: "Notification",
          MessageId: "m",
          TopicArn: "arn:aws:sns:us-east-1:111122223333:t",
          Message: JSON.stringify(record("forged.csv")),
          Timestamp: "2026-12-03T09:14:00.000Z",
          SignatureVersion: "2",
          Signature: "Zm9yZ2Vk",
          SigningCertURL: "https://evil.example/cert.pem",
        }),
      },
      // SNS's certificate out of reach (no route to SNS here; a made-up name there): a failure that may pass, kept.
      {
        id: "7",
        body: JSON.stringify({
          Type: "Notification",
          MessageId: "m7",
          TopicArn: "arn:aws:sns:us-east-1:111122223333:t",
          Message: JSON.stringify(record("later.csv")),
          Timestamp: "2026-12-03T09:14:00.000Z",
          SignatureVersion: "2",
          Signature: "c2lnbmVk",
          SigningCertURL: "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-ownerscope-test.pem",
        }),
      },
    ];
    const r = await pollQueueOnce(db, w, 0);
    expect(r).toEqual({ messages: 7, accepted: 1, duplicates: 1, refused: 2, kept: 1 });
    expect(deleted).toEqual(["handle-1", "handle-2", "handle-3", "handle-4", "handle-5", "handle-6"]);
    expect(watchCounts(db, "c", "bucket-b").pending).toBe(1);
    const stored = db.prepare("SELECT key, source FROM watch_events").all();
    expect(stored).toEqual([{ key: "exports/a b.csv", source: "sqs" }]);
    expect(targets).toEqual(["AmazonSQS.ReceiveMessage", "AmazonSQS.DeleteMessageBatch"]);
  });
});
