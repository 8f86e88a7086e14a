// Integration: watching a bucket on the lab's gateway. Ownerscope writes the gateway topic and the bucket's
// notification configuration; the gateway pushes each write to an intake served here (the same handler as the
// server's route); the live checker checks each object through the read role and keeps what it finds.
import http from "node:http";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveEvents } from "@/lib/api/watch-intake";
import { openDb, type Db } from "@/lib/db";
import { saveAccount, saveConnection } from "@/lib/db/connections";
import { liveFindings, watchCounts } from "@/lib/db/watch";
import { LiveChecker } from "@/lib/jobs/watch-checker";
import { setUpWatch } from "@/lib/jobs/watch-setup";
import { removeBucket } from "@/scripts/lab/acl-scenario";
import { createSharedBucket } from "@/scripts/lab/generate";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";
import type { AddressInfo } from "node:net";

let lab: Lab;
let db: Db;
let server: http.Server;
let baseUrl: string;
let checker: LiveChecker;
const bodies: string[] = [];
const bucket = `watch-${process.pid}-${Date.now()}`;

/** The intake as a plain HTTP server: the route's own handler behind it. */
function serve(): Promise<string> {
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    bodies.push(body);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body,
    });
    const id = /\/api\/watch\/([^/]+)\/events/.exec(req.url ?? "")?.[1] ?? "";
    const response = await receiveEvents(db, request, id).catch(
      () => new Response(JSON.stringify({ error: { code: "refused" } }), { status: 401 }),
    );
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(await response.text());
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

async function until<T>(what: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = what();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  lab = loadLab();
  db = openDb(":memory:");
  saveConnection(db, {
    id: "lab",
    name: "lab",
    region: "us-east-1",
    endpointUrl: lab.endpoint,
    stsEndpointUrl: lab.endpoint,
    forcePathStyle: true,
    profile: lab.roles.audit.profile,
    ownerProfile: lab.roles.owner.profile,
  });
  saveAccount(db, "lab", { canonicalId: lab.writer.canonicalId, name: "writer" });
  await createSharedBucket(lab, bucket);
  baseUrl = await serve();
  checker = new LiveChecker(db, { idleMs: 100 }).start();
});

afterAll(async () => {
  await checker?.stop();
  server?.close();
  await removeBucket(lab, bucket).catch(() => undefined);
});

describe("watching a bucket on the gateway", () => {
  it("sets up the topic and notification, and the gateway's pushes become live findings", async () => {
    const setup = await setUpWatch(db, {
      connectionId: "lab",
      bucket,
      kind: "gateway",
      baseUrl,
      apply: true,
      actor: "tester",
    });
    expect(setup.applied).toHaveLength(2);
    expect(setup.plan.notification.TopicConfigurations?.[0]?.TopicArn).toMatch(/^arn:aws:sns:/);

    const key = "exports/2026-12/a b+c.csv";
    await lab.a.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "a" }));
    await lab.a.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: "with-bofc.csv",
        Body: "a",
        ACL: "bucket-owner-full-control",
      }),
    );
    await lab.b.send(new PutObjectCommand({ Bucket: bucket, Key: "mine.csv", Body: "b" }));

    const counts = await until(() => {
      const c = watchCounts(db, "lab", bucket);
      return c.checked >= 3 ? c : undefined;
    });
    expect(counts).toMatchObject({ pending: 0, failed: 0, alerting: 1 });
    const live = liveFindings(db, { connectionId: "lab", bucket, limit: 10 });
    const byKey = Object.fromEntries(live.map((f) => [f.key, f]));
    expect(byKey[key]).toMatchObject({ status: "foreign-locked", ownerId: lab.writer.canonicalId });
    expect(byKey["with-bofc.csv"]).toMatchObject({ status: "foreign-full-control" });
    expect(byKey["mine.csv"]).toBeUndefined();
  });

  it("refuses a sender without the secret, and counts a redelivery as a duplicate", async () => {
    const url = `${baseUrl}/api/watch/lab/events`;
    const refused = await fetch(url, { method: "POST", body: bodies[0] });
    expect(refused.status).toBe(401);
    const token = setupToken();
    const again = await fetch(`${url}?token=${token}`, { method: "POST", body: bodies[0] });
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
  });
});

function setupToken(): string {
  return (
    db.prepare("SELECT secret FROM watch_intake WHERE connection_id = 'lab'").get() as { secret: string }
  ).secret;
}
