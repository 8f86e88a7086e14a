import fs from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import Database from "better-sqlite3";
import { CONNECTION, MAIN_BUCKET, runCli, storageStateFor } from "../fixtures";
import { needRank, rank, routes, type Principal } from "../routes";

async function contextFor(p: Principal, baseURL: string): Promise<APIRequestContext> {
  // Explicitly empty for anonymous: contexts made inside a test inherit the project's signed-in storage state.
  return playwrightRequest.newContext({
    baseURL,
    storageState: p === "anonymous" ? { cookies: [], origins: [] } : storageStateFor(p),
  });
}

let scanId = 0;
const responses: string[] = [];

test.beforeAll(async ({ request }) => {
  const started = await request.post("/api/scans", {
    data: { connectionId: CONNECTION, bucket: "account-b-clean", mode: "fast" },
  });
  scanId = (await started.json()).scanId;
  await expect
    .poll(async () => (await (await request.get(`/api/scans/${scanId}`)).json()).status)
    .toBe("completed");
});

test("every route answers each role exactly as its role allows", async ({ baseURL }) => {
  for (const principal of ["anonymous", "viewer", "operator", "admin"] as const) {
    const ctx = await contextFor(principal, baseURL!);
    for (const r of routes) {
      const url = r.path.replaceAll("SCAN", String(scanId));
      const res = await ctx.fetch(url, {
        method: r.method,
        ...(r.method === "GET" ? {} : { data: r.body ?? {} }),
      });
      const body = await res.text();
      responses.push(body);
      const label = `${principal} ${r.method} ${url} -> ${res.status()} ${body.slice(0, 120)}`;
      if (rank[principal] >= needRank[r.need]) {
        expect([401, 403], label).not.toContain(res.status());
      } else {
        expect(res.status(), label).toBe(principal === "anonymous" ? 401 : 403);
        expect(JSON.parse(body).error.code, label).toBe(
          principal === "anonymous" ? "unauthorized" : "forbidden",
        );
      }
    }
    await ctx.dispose();
  }
});

test("pages send anonymous visitors to sign in", async ({ baseURL }) => {
  const ctx = await contextFor("anonymous", baseURL!);
  for (const page of [
    "/",
    `/connections/${CONNECTION}/buckets/${MAIN_BUCKET}`,
    `/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/audit`,
    `/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/diff`,
    `/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/scans/1/report`,
    `/connections/${CONNECTION}/settings`,
    "/connections/new",
  ]) {
    const res = await ctx.get(page, { maxRedirects: 0 });
    expect([302, 303, 307], page).toContain(res.status());
    expect(res.headers().location, page).toMatch(/^\/login\?next=/);
  }
  await ctx.dispose();
});

test("a share link shows one scan read-only, and nothing else; tampered, expired and revoked links are refused", async ({
  request,
  baseURL,
}) => {
  const made = await request.post("/api/share", { data: { scanId, view: { status: "owned" } } });
  expect(made.status()).toBe(201);
  const link = await made.json();
  const token = link.path.split("/").pop() as string;
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits

  const anon = await contextFor("anonymous", baseURL!);
  const view = await anon.get(`/api/share/view/${token}`);
  expect(view.status()).toBe(200);
  const shown = await view.json();
  expect(shown.scan.id).toBe(scanId);
  expect(JSON.stringify(shown)).not.toMatch(/connectionId|posture|profile|roleArn|arn:aws/);
  const rows = (await (await anon.get(`/api/share/view/${token}/findings`)).json()).findings;
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r: { status: string }) => r.status === "owned")).toBe(true);
  // The token opens nothing else.
  for (const r of routes) {
    const res =
      r.method === "GET"
        ? await anon.get(r.path.replaceAll("SCAN", String(scanId)), {
            headers: { authorization: `Bearer ${token}` },
          })
        : null;
    if (res) expect(res.status()).toBe(401);
  }

  const tampered = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
  expect((await anon.get(`/api/share/view/${tampered}`)).status()).toBe(404);
  expect((await anon.get("/api/share/view/short")).status()).toBe(422);

  // Expired: move its expiry into the past in the store itself.
  const expiring = await (await request.post("/api/share", { data: { scanId } })).json();
  const expiringToken = expiring.path.split("/").pop() as string;
  const db = new Database(path.join(process.env.OWNERSCOPE_DATA_DIR!, "ownerscope.db"));
  db.prepare("UPDATE share_links SET expires_at = ? WHERE id = ?").run(Date.now() - 1000, expiring.id);
  db.close();
  expect((await anon.get(`/api/share/view/${expiringToken}`)).status()).toBe(404);

  expect((await request.post(`/api/share/${link.id}/revoke`)).status()).toBe(200);
  expect((await anon.get(`/api/share/view/${token}`)).status()).toBe(404);
  const listed = (await (await request.get(`/api/share?scanId=${scanId}`)).json()).links;
  expect(listed.find((l: { id: number }) => l.id === link.id)).toMatchObject({
    createdBy: "e2e-admin",
    revokedAt: expect.any(Number),
  });
  expect(JSON.stringify(listed)).not.toContain(token);
  await anon.dispose();
});

test("mutations from another origin are refused, even with a valid session", async ({ request }) => {
  const cross = await request.post("/api/scans", {
    data: { connectionId: CONNECTION, bucket: MAIN_BUCKET },
    headers: { origin: "http://evil.example" },
  });
  expect(cross.status()).toBe(403);
  const site = await request.post("/api/fixes/999999/cancel", {
    headers: { "sec-fetch-site": "cross-site" },
  });
  expect(site.status()).toBe(403);
  const logout = await request.post("/api/auth/logout", { headers: { origin: "http://evil.example" } });
  expect(logout.status()).toBe(403);
});

test("sign-in is rate-limited, sessions end on logout, and bad input never takes the server down", async ({
  baseURL,
}) => {
  const ctx = await contextFor("anonymous", baseURL!);
  for (let i = 0; i < 5; i++) {
    expect(
      (
        await ctx.post("/api/auth/login", {
          data: { username: "e2e-viewer-nobody", password: "wrong wrong wrong" },
        })
      ).status(),
    ).toBe(401);
  }
  const limited = await ctx.post("/api/auth/login", {
    data: { username: "e2e-viewer-nobody", password: "wrong wrong wrong" },
  });
  expect(limited.status()).toBe(429);

  const odd = [
    { username: "ünï\u0000cödé", password: "x" },
    { username: ["array"], password: 1 },
    { username: "a".repeat(10_000), password: "b" },
  ];
  for (const data of odd) {
    const res = await ctx.post("/api/auth/login", { data });
    expect(res.status()).toBeGreaterThanOrEqual(400);
    expect(res.status()).toBeLessThan(500);
  }
  const huge = await ctx.post("/api/auth/login", { data: { username: "x", password: "y".repeat(200_000) } });
  expect(huge.status()).toBe(413);

  // A fresh session, then logout: the same cookie no longer works.
  const login = await ctx.post("/api/auth/login", {
    data: { username: "e2e-viewer", password: process.env.OWNERSCOPE_E2E_PASSWORD },
  });
  expect(login.status()).toBe(200);
  expect(login.headers()["set-cookie"]).toMatch(/HttpOnly; SameSite=Strict/);
  expect((await ctx.get("/api/auth/me")).status()).toBe(200);
  const state = await ctx.storageState();
  expect((await ctx.post("/api/auth/logout")).status()).toBe(200);
  const replay = await playwrightRequest.newContext({ baseURL, storageState: state });
  expect((await replay.get("/api/auth/me")).status()).toBe(401);
  await replay.dispose();
  expect((await ctx.get("/api/connections")).status()).toBe(401);
  await ctx.dispose();
});

test("pages carry the security headers", async ({ request }) => {
  const res = await request.get("/login");
  const h = res.headers();
  expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["content-security-policy"]).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("no-referrer");
});

test("API answers carry the security headers too, and the intake's as well", async ({ request }) => {
  for (const res of [
    await request.get("/api/health"),
    await request.get("/api/connections"),
    await request.post("/api/watch/nobody/events", { data: {} }),
  ]) {
    const h = res.headers();
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["content-type"]).toMatch(/^application\/json/);
  }
  const health = (await request.get("/api/health")).headers();
  expect(health["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(health["referrer-policy"]).toBe("no-referrer");
});

test("no key, secret or session token in any response or in the client bundle", async ({ baseURL }) => {
  // Every GET route's answer as admin, on top of everything the matrix above collected.
  const admin = await contextFor("admin", baseURL!);
  for (const r of routes.filter((x) => x.method === "GET")) {
    responses.push(await (await admin.get(r.path.replaceAll("SCAN", String(scanId)))).text());
  }
  await admin.dispose();
  expect(responses.length).toBeGreaterThan(10);
  const credentials = fs.readFileSync(
    path.join(process.env.OWNERSCOPE_LAB_DIR!, "aws", "credentials"),
    "utf8",
  );
  const secrets = [...credentials.matchAll(/aws_(?:secret_access_key|access_key_id)\s*=\s*(\S+)/g)].map(
    (m) => m[1]!,
  );
  expect(secrets.length).toBeGreaterThanOrEqual(4);
  const bundle = fs
    .readdirSync(".next/static", { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(".js"))
    .map((d) => fs.readFileSync(path.join(d.parentPath, d.name), "utf8"))
    .join("\n");
  expect(bundle.length).toBeGreaterThan(10_000);
  for (const s of secrets) {
    expect(bundle).not.toContain(s);
    for (const body of responses) expect(body).not.toContain(s);
  }
  for (const body of responses)
    expect(body).not.toMatch(/aws_secret_access_key|SessionToken|password_hash|scrypt\$/i);
});

test("a share link shows its view's counts and columns only, lives at most 7 days, and dies with its maker's role", async ({
  request,
  baseURL,
}) => {
  // Counts under the link's filters, not the whole scan's.
  const made = await (
    await request.post("/api/share", { data: { scanId, view: { status: "owned" } } })
  ).json();
  const token = made.path.split("/").pop() as string;
  const anon = await contextFor("anonymous", baseURL!);
  const shown = (await (await anon.get(`/api/share/view/${token}`)).json()).scan;
  expect(shown.foreign).toBe(0);
  expect(Object.entries(shown.byStatus).filter(([s, n]) => s !== "owned" && n !== 0)).toEqual([]);
  const page = await (await anon.get(`/api/share/view/${token}/findings?limit=1000`)).json();
  expect(page.findings.length).toBeGreaterThan(0);
  expect(shown.byStatus.owned).toBe(page.findings.length);
  // The columns the shared page shows: no grants (other accounts' IDs, e-mail addresses), no ETags.
  expect(
    page.findings.every((f: { grants: unknown; etag: unknown }) => f.grants === null && f.etag === null),
  ).toBe(true);

  expect((await request.post("/api/share", { data: { scanId, expiresInHours: 24 * 90 } })).status()).toBe(
    422,
  );

  // A link made by an operator stops working when the operator is made a viewer.
  const username = `sharer-${Date.now()}`;
  const password = `pw-${Date.now()}-long-enough`;
  expect(
    (await request.post("/api/users", { data: { username, role: "operator", password } })).status(),
  ).toBe(201);
  const sharer = await contextFor("anonymous", baseURL!);
  expect((await sharer.post("/api/auth/login", { data: { username, password } })).status()).toBe(200);
  const theirs = await (await sharer.post("/api/share", { data: { scanId } })).json();
  const theirToken = theirs.path.split("/").pop() as string;
  expect((await anon.get(`/api/share/view/${theirToken}`)).status()).toBe(200);
  runCli("user", "role", "--username", username, "--role", "viewer");
  expect((await anon.get(`/api/share/view/${theirToken}`)).status()).toBe(404);
  // Made an operator again, the maker does not bring the old link back: it was revoked.
  runCli("user", "role", "--username", username, "--role", "operator");
  expect((await anon.get(`/api/share/view/${theirToken}`)).status()).toBe(404);
  await Promise.all([anon.dispose(), sharer.dispose()]);
});

test("a disabled user's session ends at once, and it cannot sign in until enabled again", async ({
  request,
  baseURL,
}) => {
  const username = `disabled-${Date.now()}`;
  const password = `pw-${Date.now()}-long-enough`;
  expect((await request.post("/api/users", { data: { username, role: "viewer", password } })).status()).toBe(
    201,
  );
  const them = await contextFor("anonymous", baseURL!);
  expect((await them.post("/api/auth/login", { data: { username, password } })).status()).toBe(200);
  expect((await them.get("/api/auth/me")).status()).toBe(200);
  expect((await request.post("/api/users/disable", { data: { username, disabled: true } })).status()).toBe(
    200,
  );
  expect((await them.get("/api/auth/me")).status()).toBe(401);
  expect((await them.post("/api/auth/login", { data: { username, password } })).status()).toBe(401);
  expect((await request.post("/api/users/disable", { data: { username, disabled: false } })).status()).toBe(
    200,
  );
  expect((await them.post("/api/auth/login", { data: { username, password } })).status()).toBe(200);
  await them.dispose();
});
