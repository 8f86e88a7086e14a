// Requests that once cost the server dearly or answered in the framework's own words: oversized bodies, malformed
// URLs. Each is answered at once, in the JSON error shape, and the server keeps answering.
import http from "node:http";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { fromIni } from "@aws-sdk/credential-providers";
import { expect, test } from "@playwright/test";
import { CONNECTION, labAccounts, MAIN_BUCKET, storageStateFor } from "../fixtures";

/** Sends a request by hand: headers, then `body` chunks as they are given; resolves with the status and body. */
function rawRequest(
  baseURL: string,
  path: string,
  headers: Record<string, string>,
  body: (req: http.ClientRequest) => void,
) {
  const started = performance.now();
  return new Promise<{ status: number; text: string; ms: number }>((resolve, reject) => {
    const req = http.request(new URL(path, baseURL), { method: "POST", headers }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, ms: performance.now() - started }));
    });
    req.on("error", (error: NodeJS.ErrnoException) =>
      // The server may close the connection after answering, while the body is still being sent.
      error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error),
    );
    body(req);
  });
}

test("a body declared too large is refused from its headers, before a byte of it is read", async ({
  baseURL,
}) => {
  const answer = await rawRequest(
    baseURL!,
    "/api/auth/login",
    { "content-type": "application/json", "content-length": String(9 * 1024 * 1024) },
    (req) => req.flushHeaders(), // the body never comes
  );
  expect(answer.status).toBe(413);
  expect(JSON.parse(answer.text).error.code).toBe("payload_too_large");
  expect(answer.ms).toBeLessThan(2_000);
});

test("a body without a declared length is refused before it is read", async ({ baseURL }) => {
  const answer = await rawRequest(
    baseURL!,
    "/api/auth/login",
    { "content-type": "application/json", "transfer-encoding": "chunked" },
    (req) => req.write(Buffer.alloc(64 * 1024, "a")), // and more would follow: it never ends
  );
  expect(answer.status).toBe(411);
  expect(JSON.parse(answer.text).error.code).toBe("length_required");
  expect(answer.ms).toBeLessThan(2_000);
});

test("malformed percent-encoding in a path answers 400 in the JSON error shape", async ({ request }) => {
  for (const path of ["/api/share/view/%ZZ", "/share/%C0%AF", "/api/scans/%E0%A4%A"]) {
    const answer = await request.get(path, { maxRedirects: 0 });
    expect(answer.status(), path).toBe(400);
    expect(await answer.json(), path).toEqual({
      error: { code: "bad_request", message: expect.stringMatching(/percent-encoding/) },
    });
  }
  expect((await request.get("/api/health")).status()).toBe(200);
});

test("the health route says the server and its database answer", async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const answer = await anonymous.get("/api/health");
  expect(answer.status()).toBe(200);
  expect(await answer.json()).toEqual({ ok: true });
  await anonymous.dispose();
});

test("the session cookie's Secure flag follows the server's setting, never a header the client sent", async ({
  playwright,
  baseURL,
}) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const login = await anonymous.post("/api/auth/login", {
    data: { username: "e2e-viewer", password: process.env.OWNERSCOPE_E2E_PASSWORD },
    headers: { "x-forwarded-proto": "https" },
  });
  expect(login.status()).toBe(200);
  expect(login.headers()["set-cookie"]).toMatch(/^ownerscope_session=/);
  expect(login.headers()["set-cookie"]).not.toMatch(/Secure/);
  await anonymous.dispose();
});

test("connections: viewers see no endpoint, and an endpoint URL with a user name or password is refused", async ({
  playwright,
  baseURL,
  request,
}) => {
  const viewer = await playwright.request.newContext({ baseURL, storageState: storageStateFor("viewer") });
  const seen = (await (await viewer.get("/api/connections")).json()).connections;
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((c: { endpointUrl: string | null }) => c.endpointUrl === null)).toBe(true);
  const admin = (await (await request.get("/api/connections")).json()).connections;
  expect(admin.some((c: { endpointUrl: string | null }) => c.endpointUrl !== null)).toBe(true);
  const refused = await request.post("/api/connections", {
    data: { id: "with-userinfo", name: "x", endpointUrl: "http://key:secret@127.0.0.1:9/" },
  });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error.message).toMatch(/must not carry a user name or password/);
  await viewer.dispose();
});

test("live reads answer only for the connection's buckets, are rate-limited per user, and one scan runs per bucket", async ({
  playwright,
  baseURL,
  request,
}) => {
  // A bucket of another account (not in the connection's ListBuckets) answers exactly as a missing one: 404.
  const lab = labAccounts();
  const a = new S3Client({
    region: "us-east-1",
    endpoint: lab.endpoint,
    forcePathStyle: true,
    credentials: fromIni({ profile: lab.writer.profile }),
  });
  const theirs = `accounta-own-${Date.now()}`;
  await a.send(new CreateBucketCommand({ Bucket: theirs }));
  const objects = (bucket: string) => `/api/connections/${CONNECTION}/buckets/${bucket}/objects?prefix=hr/`;
  for (const bucket of [theirs, `no-such-bucket-${Date.now()}`]) {
    for (const path of [objects(bucket), `/api/connections/${CONNECTION}/buckets/${bucket}/posture`]) {
      const answer = await request.get(path);
      expect(answer.status(), path).toBe(404);
      expect((await answer.json()).error.message).toBe(
        `No bucket named ${bucket} on connection ${CONNECTION}.`,
      );
    }
  }

  // A user of its own, so that its spent reads hold back nobody else.
  const username = `reader-${Date.now()}`;
  const password = `pw-${Date.now()}-long-enough`;
  expect((await request.post("/api/users", { data: { username, role: "viewer", password } })).status()).toBe(
    201,
  );
  const reader = await playwright.request.newContext({ baseURL });
  expect((await reader.post("/api/auth/login", { data: { username, password } })).status()).toBe(200);
  const statuses = await Promise.all(
    Array.from({ length: 150 }, () => reader.get(objects(MAIN_BUCKET))),
  ).then((rs) => rs.map((r) => r.status()));
  // 100 at once, and a few more refilled meanwhile (20 a second).
  expect(statuses.filter((s) => s === 200).length).toBeLessThan(140);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(10);

  // Two scans of one bucket at once: the second is refused, naming the first.
  const scan = (mode: string) =>
    request.post("/api/scans", { data: { connectionId: CONNECTION, bucket: MAIN_BUCKET, mode } });
  const answers = await Promise.all([scan("full"), scan("fast")]);
  expect(answers.map((r) => r.status()).sort()).toEqual([202, 409]);
  const refused = await answers.find((r) => r.status() === 409)!.json();
  expect(refused.error.message).toMatch(new RegExp(`^Scan \\d+ is running on bucket ${MAIN_BUCKET}`));

  // An object's drawer reads it live too (HEAD, ACL, tags, versions): the same per-user limit holds.
  const { scanId } = await answers.find((r) => r.status() === 202)!.json();
  const drawer = await Promise.all(
    Array.from({ length: 150 }, () => reader.get(`/api/scans/${scanId}/object?key=hr/a.txt`)),
  ).then((rs) => rs.map((r) => r.status()));
  expect(drawer.filter((s) => s === 429).length).toBeGreaterThan(10);
  await reader.dispose();
  // The scan this test started ends before the next test scans the same bucket (one running scan per bucket).
  await expect
    .poll(async () => (await (await request.get(`/api/scans/${scanId}`)).json()).status, { timeout: 30_000 })
    .not.toBe("running");
});
