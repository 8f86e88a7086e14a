// Integration: watching a bucket on the lab's gateway. Ownerscope writes the gateway topic and the bucket's
// notification configuration; the gateway pushes each write to an intake served here (the same handler as the
// server's route); the live checker checks each object through the read role and keeps what it finds; alert rules
// send to a webhook receiver (its signature checked), a Slack-shaped receiver and a real SMTP server, all local.
import http from "node:http";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookSignature } from "@/lib/alerts/summary";
import { putFixByRule } from "@/lib/api/watch";
import { receiveEvents } from "@/lib/api/watch-intake";
import { setUpWatch } from "@/lib/api/watch-setup";
import { openDb, type Db } from "@/lib/db";
import { addRule, listAlerts, saveChannel } from "@/lib/db/alerts";
import { listAudit } from "@/lib/db/audit-log";
import { saveAccount, saveConnection } from "@/lib/db/connections";
import { bucketSecret } from "@/lib/db/intake-secrets";
import { liveFindings, watchCounts, watchedBucket } from "@/lib/db/watch";
import { Watching } from "@/lib/jobs/watching";
import { compareKeys } from "@/lib/keys";
import { removeBucket } from "@/scripts/lab/acl-scenario";
import { planFixJob, runJob, scanned } from "@/scripts/lab/fix-harness";
import { createSharedBucket } from "@/scripts/lab/generate";
import { gatewayRecord } from "@/scripts/lab/intake-process";
import { labConnection, loadLab, type Lab } from "@/scripts/lab/lab-env";
import type { AddressInfo } from "node:net";

const WEBHOOK_SECRET = "a-shared-secret-of-the-receiver";
let lab: Lab;
let db: Db;
let server: http.Server;
let baseUrl: string;
let watching: Watching;
let receiver: http.Server;
let sink: SMTPServer;
const received: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
const mails: string[] = [];
const bodies: string[] = [];
const bucket = `watch-${process.pid}-${Date.now()}`;
const OLD_KEY = "archive/2025/from-before.csv";

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
  // The receivers below are on this machine: an admin lists such hosts for alerts to reach them.
  process.env.OWNERSCOPE_ALLOWED_HOSTS = "127.0.0.1";
  lab = loadLab();
  db = openDb(":memory:");
  saveConnection(db, labConnection(lab, { ownerProfile: lab.roles.owner.profile }));
  saveAccount(db, "lab", {
    canonicalId: lab.writer.canonicalId,
    name: "writer",
    fixerProfile: lab.roles.fix.profile,
  });
  await createSharedBucket(lab, bucket);
  // In the bucket before anyone watched it: a forged event for it must never make Ownerscope rewrite it.
  await lab.a.send(new PutObjectCommand({ Bucket: bucket, Key: OLD_KEY, Body: "old" }));
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  baseUrl = await serve();
  watching = new Watching(db, { tickMs: 200, checker: { idleMs: 100 } }).start();
  // The receivers: one HTTP server for the webhook and Slack, one SMTP server for e-mail.
  receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({
      path: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    });
    res.end("ok");
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, _session, callback) {
      let text = "";
      stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      stream.on("end", () => {
        mails.push(text);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  await watching?.stop();
  server?.close();
  receiver?.close();
  sink?.close();
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
      watch: true,
      actor: "tester",
    });
    expect(setup.applied).toHaveLength(2);
    const port = (s: { address(): unknown }) => (s.address() as AddressInfo).port;
    const channel = (name: string, config: Parameters<typeof saveChannel>[1]["config"]) =>
      saveChannel(db, { name, config }).id;
    const rules = [
      channel("hook", {
        kind: "webhook",
        url: `http://127.0.0.1:${port(receiver)}/hook`,
        secret: WEBHOOK_SECRET,
      }),
      channel("slack", { kind: "slack", url: `http://127.0.0.1:${port(receiver)}/slack` }),
      channel("mail", {
        kind: "email",
        host: "127.0.0.1",
        port: port(sink.server),
        tls: "none",
        from: "ownerscope@example.test",
        to: ["ops@example.test"],
      }),
    ];
    for (const channelId of rules) addRule(db, "lab", bucket, { channelId, threshold: 1 });
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

    // One alert per rule, for the one object B cannot use; each delivered where its channel says.
    await until(() => (received.length >= 2 && mails.length >= 1 ? true : undefined));
    const alerts = listAlerts(db, { connectionId: "lab", bucket, limit: 10 });
    expect(alerts).toHaveLength(3);
    for (const a of alerts) {
      expect(a.summary).toMatchObject({
        total: 1,
        accounts: [{ accountId: lab.writer.canonicalId, count: 1 }],
      });
      expect(a.summary.accounts[0]!.firstKeys).toEqual([key]);
      expect(a.summary.accounts[0]!.prefixes).toEqual([{ prefix: "exports/2026-12/", count: 1 }]);
    }
    const hook = received.find((r) => r.path === "/hook")!;
    const timestamp = String(hook.headers["x-ownerscope-timestamp"]);
    expect(hook.headers["x-ownerscope-signature"]).toBe(
      webhookSignature(WEBHOOK_SECRET, timestamp, hook.body),
    );
    expect(JSON.parse(hook.body)).toMatchObject({ type: "ownerscope.foreign-objects", bucket, total: 1 });
    const slack = JSON.parse(received.find((r) => r.path === "/slack")!.body);
    expect(slack.text).toContain("writer");
    expect(slack.blocks.length).toBeGreaterThan(1);
    expect(mails[0]).toContain(`Subject: Ownerscope: 1 new foreign object in ${bucket}`);
    expect(mails[0]).toContain(key);
  });

  it("shows another feed's setup without changing the watch", async () => {
    const preview = await setUpWatch(db, {
      connectionId: "lab",
      bucket,
      kind: "sqs",
      baseUrl,
      apply: false,
      watch: false,
      accountId: "111122223333",
      actor: "tester",
    });
    expect(preview.plan.kind).toBe("sqs");
    expect(watchedBucket(db, "lab", bucket)).toMatchObject({
      source: "gateway",
      setup: { applied: expect.any(Array) },
    });
    expect((watchedBucket(db, "lab", bucket)!.setup.applied as string[]).length).toBe(2);
  });

  it("does not alert when A writes with bucket-owner-full-control", async () => {
    const before = listAlerts(db, { connectionId: "lab", bucket, limit: 100 }).length;
    await lab.a.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: "later-bofc.csv",
        Body: "a",
        ACL: "bucket-owner-full-control",
      }),
    );
    await until(() => (watchCounts(db, "lab", bucket).checked >= 4 ? true : undefined));
    await watching.tick();
    expect(listAlerts(db, { connectionId: "lab", bucket, limit: 100 })).toHaveLength(before);
  });

  it("fixes an arriving object by rule, audited, once switched on for its writer", async () => {
    await putFixByRule(db, "lab", bucket, { enabled: true, accounts: [lab.writer.canonicalId] });
    const key = "exports/2026-12/fix-me.csv";
    await lab.a.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "fix me" }));
    const fixed = await until(() => {
      const f = liveFindings(db, { connectionId: "lab", bucket, limit: 50 }).find((l) => l.key === key);
      return f?.status === "owned" ? f : undefined;
    }, 30_000);
    // The record keeps who the object arrived from; its status says it is the bucket owner's now.
    expect(fixed).toMatchObject({ ownerId: lab.writer.canonicalId, fixJobId: expect.any(Number) });
    const audit = listAudit(db, { bucket, key, limit: 10 });
    expect(audit.some((a) => a.actor === "fix-by-rule" && a.result === "fixed")).toBe(true);
    const body = await lab.b.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await body.Body!.transformToString()).toBe("fix me");
    await putFixByRule(db, "lab", bucket, { enabled: false, accounts: [] });
  });

  it("never takes an event's word: an object S3 shows was there before watching is no arrival, and nothing fixes it", async () => {
    await putFixByRule(db, "lab", bucket, { enabled: true, accounts: [lab.writer.canonicalId] });
    // As if watching had begun well after the object was written (more than clocks may differ by).
    const watchedSince = db
      .prepare("SELECT created_at AS at FROM watched_buckets WHERE bucket = ?")
      .get(bucket) as {
      at: string;
    };
    const later = new Date(Date.now() + 5 * 60_000).toISOString();
    db.prepare("UPDATE watched_buckets SET created_at = ? WHERE bucket = ?").run(later, bucket);
    const record = gatewayRecord({
      bucket,
      key: OLD_KEY,
      writer: lab.writer.canonicalId,
      bucketOwner: "someone",
      etag: "forged",
      sequencer: "forged-1",
    });
    const forged = await fetch(`${baseUrl}/api/watch/lab/events?token=${setupToken()}`, {
      method: "POST",
      body: JSON.stringify({ Records: [record] }),
    });
    expect(forged.status).toBe(200);
    // S3 shows the object was there before watching began: the event is checked, and nothing arrived.
    const outcome = await until(() => {
      const row = db
        .prepare("SELECT outcome FROM watch_events WHERE key = ? AND state = 'checked'")
        .get(OLD_KEY) as { outcome: string } | undefined;
      return row?.outcome;
    }, 30_000);
    expect(outcome).toBe("not-new");
    await watching.tick();
    expect(
      liveFindings(db, { connectionId: "lab", bucket, limit: 50 }).find((l) => l.key === OLD_KEY),
    ).toBeUndefined();
    expect(listAudit(db, { bucket, key: OLD_KEY, limit: 10 })).toEqual([]);
    // Still the writer's on S3: nothing was re-put.
    await expect(lab.b.send(new GetObjectCommand({ Bucket: bucket, Key: OLD_KEY }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    await putFixByRule(db, "lab", bucket, { enabled: false, accounts: [] });
    db.prepare("UPDATE watched_buckets SET created_at = ? WHERE bucket = ?").run(watchedSince.at, bucket);
  });

  it("shows a watched bucket's objects as fixed by the job that fixed them, never as new arrivals", async () => {
    const keys = ["fixing/one.csv", "fixing/two.csv", "fixing/three.csv"];
    for (const key of keys) await lab.a.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    const live = () =>
      liveFindings(db, { connectionId: "lab", bucket, limit: 500 }).filter((f) => keys.includes(f.key));
    await until(() => (live().length === keys.length ? true : undefined));
    const arrived = live();
    expect(arrived.every((f) => f.status === "foreign-locked")).toBe(true);
    // Their own alert (an immediate rule gathers a burst for a second) is made before the fix begins.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await watching.tick();
    const alertsBefore = listAlerts(db, { connectionId: "lab", bucket, limit: 100 }).length;

    // The default fix (reput as account A, then take ownership as the bucket owner): both copies reach the gateway's
    // push as writes, by A and by the bucket owner.
    const scan = await scanned(lab, db, bucket);
    const jobId = planFixJob(lab, db, bucket, scan.id, { keys, connectionId: "lab" });
    const { items } = await runJob(db, jobId, { verifyContent: false });
    expect(keys.map((k) => items.get(k)!.state)).toEqual(keys.map(() => "fixed"));

    const settled = await until(() => {
      const now = live();
      return now.every((f) => f.status === "owned") && watchCounts(db, "lab", bucket).pending === 0
        ? now
        : undefined;
    }, 30_000);
    // The same records, each now the bucket owner's and naming the job; none new, and no alert for them.
    expect(settled.map((f) => [f.key, f.seq, f.fixJobId])).toEqual(arrived.map((f) => [f.key, f.seq, jobId]));
    await watching.tick();
    expect(listAlerts(db, { connectionId: "lab", bucket, limit: 100 })).toHaveLength(alertsBefore);
  });

  it("keeps keys exactly as S3 holds them: an emoji first, marks, a trailing space, a 1,024-byte name", async () => {
    const keys = [
      "\u{1F680} first/plan.json",
      "marks/e\u0301\u200Fright-to-left.txt",
      "marks/%2Fnot-a-slash+plus.txt",
      "marks/trailing space.txt ",
      `marks/\u{1F680}max-${"\u00e9".repeat(503)}.txt`,
    ];
    expect(Buffer.byteLength(keys[4]!)).toBe(1024);
    for (const key of keys) await lab.a.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "x" }));
    const seen = await until(() => {
      const found = liveFindings(db, { connectionId: "lab", bucket, limit: 500 }).filter((f) =>
        keys.includes(f.key),
      );
      return found.length === keys.length ? found : undefined;
    });
    expect(seen.map((f) => f.key).sort(compareKeys)).toEqual([...keys].sort(compareKeys));
    expect(seen.every((f) => f.status === "foreign-locked")).toBe(true);
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

const setupToken = () => bucketSecret(db, "lab", bucket);
