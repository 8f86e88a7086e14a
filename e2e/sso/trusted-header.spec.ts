import { expect, request as playwrightRequest, test } from "@playwright/test";

// This project's server runs behind a (pretend) SSO proxy on this machine: its header names the user.
const as = (email?: string): Record<string, string> => (email ? { "x-forwarded-email": email } : {});

test("the proxy's header names the user, and the address decides the role", async ({ request }) => {
  const admin = await request.get("/api/auth/me", { headers: as("sso-admin@example.com") });
  expect(admin.status()).toBe(200);
  expect((await admin.json()).user).toMatchObject({
    username: "sso-admin@example.com",
    role: "admin",
    hasPassword: false,
  });
  expect((await request.get("/api/users", { headers: as("sso-admin@example.com") })).status()).toBe(200);

  const viewer = await request.get("/api/auth/me", { headers: as("dana@example.com") });
  expect((await viewer.json()).user.role).toBe("viewer");
  expect((await request.get("/api/users", { headers: as("dana@example.com") })).status()).toBe(403);
  expect((await request.post("/api/scans", { headers: as("dana@example.com"), data: {} })).status()).toBe(
    403,
  );
  expect((await request.post("/api/scans", { headers: as("ops@ops.example.com"), data: {} })).status()).toBe(
    422,
  );

  expect((await request.get("/api/auth/me")).status()).toBe(401);
  const stranger = await request.get("/api/auth/me", { headers: as("eve@evil.example") });
  expect(stranger.status()).toBe(403);
  expect((await stranger.json()).error.message).toContain("has no role");
});

test("a page signs in the proxy's user without a cookie", async ({ request }) => {
  const page = await request.get("/", { headers: as("sso-admin@example.com"), maxRedirects: 0 });
  expect(page.status()).toBe(200);
  expect(await page.text()).toContain("sso-admin@example.com");
});

test("requests that do not come from the proxy's address are refused, whatever they claim", async () => {
  const port = Number(new URL(test.info().project.use.baseURL!).port) + 1; // the server whose proxy is elsewhere
  const ctx = await playwrightRequest.newContext({
    baseURL: `http://127.0.0.1:${port}`,
    storageState: { cookies: [], origins: [] },
  });
  const forged = {
    ...as("sso-admin@example.com"),
    "x-ownerscope-peer": "10.255.255.1",
    "x-ownerscope-peer-signature": "0".repeat(64),
    "x-forwarded-for": "10.255.255.1",
  };
  for (const path of ["/api/auth/me", "/api/connections", "/api/users"]) {
    const res = await ctx.get(path, { headers: forged });
    expect(res.status(), path).toBe(403);
    expect((await res.json()).error.message, path).toMatch(/only through the SSO proxy/);
  }
  expect(await (await ctx.get("/login", { headers: forged })).text()).toContain("Access refused");
  await ctx.dispose();
});
