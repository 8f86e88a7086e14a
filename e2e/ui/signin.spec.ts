// Sign-in as an attacker tries it: redirects off the site after signing in, links spent by a mail scanner, guesses
// in parallel, and a stranger locking a user out. Each of these worked against an earlier version.
import http from "node:http";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { rolePassword, runCli, storageStateFor } from "../fixtures";

const signedOut = { storageState: { cookies: [], origins: [] } };

/** A user of its own for a test (so that its wrong passwords lock out nobody else), created by the admin. */
async function freshUser(request: APIRequestContext, name: string) {
  const username = `${name}-${Date.now()}`;
  const password = `pw-${Date.now()}-long-enough`;
  const created = await request.post("/api/users", { data: { username, role: "viewer", password } });
  expect(created.status()).toBe(201);
  return { username, password };
}

const loginLink = (baseURL: string, username: string) =>
  runCli("user", "login-link", "--username", username, "--base-url", baseURL);

test("after signing in, a `next` that leaves the site is ignored", async ({ browser, baseURL }) => {
  for (const next of ["/\\example.com", "/\t/example.com", "//example.com", "https://example.com/"]) {
    const context = await browser.newContext(signedOut);
    const page = await context.newPage();
    await page.goto(`/login?${new URLSearchParams({ next })}`);
    await page.getByLabel("Username").fill("e2e-viewer");
    await page.getByLabel("Password").fill(rolePassword());
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("current-user")).toContainText("e2e-viewer");
    expect(new URL(page.url()).origin, next).toBe(new URL(baseURL!).origin);
    await context.close();
  }
});

test("a one-time link is spent only by the button on its page, not by opening it", async ({
  browser,
  request,
  baseURL,
}) => {
  const link = loginLink(baseURL!, "e2e-viewer");
  // A mail scanner or a link preview fetches it, without cookies, with GET and HEAD: no session, link unspent.
  const stranger = await browser.newContext(signedOut);
  for (const method of ["GET", "HEAD"] as const) {
    const answer = await stranger.request.fetch(link, { method, maxRedirects: 0 });
    expect(answer.headers()["set-cookie"] ?? "", method).not.toMatch(/ownerscope_session/);
  }
  // A cross-site form cannot spend it either (no login CSRF).
  const token = new URL(link).searchParams.get("token")!;
  const forged = await request.post("/api/auth/link", {
    form: { token },
    headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    maxRedirects: 0,
  });
  expect(forged.headers()["set-cookie"] ?? "").not.toMatch(/ownerscope_session/);
  await stranger.close();

  const context = await browser.newContext(signedOut);
  const page = await context.newPage();
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${baseURL}/`);
  await expect(page.getByTestId("current-user")).toContainText("e2e-viewer");
  await context.close();
});

/** POST /api/auth/login from a given loopback address (the server sees the socket's address). */
function loginFrom(baseURL: string, localAddress: string, username: string, password: string) {
  const url = new URL("/api/auth/login", baseURL);
  const body = JSON.stringify({ username, password });
  return new Promise<number>((resolve, reject) => {
    const req = http.request(
      url,
      { method: "POST", localAddress, headers: { "content-type": "application/json" } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

test("parallel wrong guesses are all counted, and a stranger cannot lock the user out", async ({
  playwright,
  baseURL,
}) => {
  const admin = await playwright.request.newContext({ baseURL, storageState: storageStateFor("admin") });
  const { username, password } = await freshUser(admin, "guessed");
  const statuses = await Promise.all(
    Array.from({ length: 40 }, () => loginFrom(baseURL!, "127.0.0.1", username, "wrong-password-guess")),
  );
  // At most five guesses from one address are checked; the rest are refused before any hashing.
  expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(35);
  // The guessing address is held back; the user, from another address, signs in.
  expect(await loginFrom(baseURL!, "127.0.0.1", username, password)).toBe(429);
  expect(await loginFrom(baseURL!, "127.0.0.2", username, password)).toBe(200);
  // An admin can lift the hold.
  expect((await admin.post("/api/users/unlock", { data: { username } })).status()).toBe(200);
  expect(await loginFrom(baseURL!, "127.0.0.1", username, password)).toBe(200);
  await admin.dispose();
});
