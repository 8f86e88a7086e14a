// A fuzzer over every API route and method (e2e/routes.ts, plus the public ones), as anonymous and each role:
// hostile JSON and raw bodies, query strings, path segments and headers. Whatever it sends, the server answers
// below 500, shows no stack trace or SDK message, and is still up afterwards. `npm test` runs a fixed seed;
// OWNERSCOPE_FUZZ_RUNS and OWNERSCOPE_FUZZ_SEED (npm run test:soak) run more.
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import fc from "fast-check";
import { storageStateFor } from "../fixtures";
import { routes, type Principal } from "../routes";

const seed = Number(process.env.OWNERSCOPE_FUZZ_SEED ?? 20261203);
const numRuns = Number(process.env.OWNERSCOPE_FUZZ_RUNS ?? 400);

// Public routes too (sign-out is left out: it would end the shared sessions the other tests use).
const targets = [
  ...routes,
  { method: "POST" as const, path: "/api/auth/login", need: "public" as const },
  { method: "POST" as const, path: "/api/auth/link", need: "public" as const },
  { method: "POST" as const, path: "/api/auth/bootstrap", need: "public" as const },
  { method: "GET" as const, path: "/api/health", need: "public" as const },
  { method: "GET" as const, path: "/api/share/view/SEG", need: "public" as const },
  { method: "GET" as const, path: "/api/share/view/SEG/findings", need: "public" as const },
  { method: "POST" as const, path: "/api/watch/SEG/events", need: "public" as const },
];

const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "%ZZ",
    "%C0%AF",
    "..%2F..%2Fetc%2Fpasswd",
    "\u0000",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "-1",
    "0",
    "1e309",
    "NaN",
    "null",
    "[]",
    "{}",
    "9".repeat(40),
    "a".repeat(5000),
    "\ud800",
    "=cmd|' /C calc'!A0",
  ),
);

/** Percent-encodes the UTF-8 bytes of any string (a lone surrogate too, which encodeURIComponent refuses). */
const percentEncoded = (s: string) =>
  Array.from(Buffer.from(s, "utf8"), (b) =>
    /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
      ? String.fromCharCode(b)
      : `%${b.toString(16).padStart(2, "0")}`,
  ).join("");

/** A path segment as a client could send it: a number, or anything, percent-encoded or raw. */
const segment = fc.oneof(
  fc.integer({ min: -5, max: 2_000_000_000 }).map(String),
  hostile.map(percentEncoded),
  fc.constantFrom("%ZZ", "%", "%2e%2e", "..", "a%00b"),
);

const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc
    .dictionary(
      fc.constantFrom("connectionId", "scanId", "bucket", "keys", "filter", "username", "view", "token"),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map((v) => JSON.stringify(v)),
  hostile,
);

const request = fc.record({
  target: fc.constantFrom(...targets),
  as: fc.constantFrom<Principal>("anonymous", "viewer", "operator", "admin"),
  scan: segment,
  seg: segment,
  query: fc.dictionary(fc.string({ maxLength: 12 }), hostile, { maxKeys: 4 }),
  body,
  contentType: fc.constantFrom(
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "",
  ),
});

// What must never reach a client: a stack frame, a module path, the SDK's own error fields.
const leak = /\n\s+at [^\n]+:\d+:\d+|node_modules|\$metadata|UnknownError|ECONNREFUSED|SqliteError/;

test("hostile requests to every route, as every role, never get a 5xx or a leak, and the server stays up", async ({
  baseURL,
}) => {
  test.setTimeout(60_000 + numRuns * 200);
  const contexts = new Map<Principal, APIRequestContext>();
  for (const p of ["anonymous", "viewer", "operator", "admin"] as const)
    contexts.set(
      p,
      await playwrightRequest.newContext({
        baseURL,
        storageState: p === "anonymous" ? { cookies: [], origins: [] } : storageStateFor(p),
      }),
    );
  try {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        // Admins only read: their mutations (connections, users) would change what the other tests rely on.
        if (r.as === "admin" && r.target.method !== "GET") return;
        const path = r.target.path.replaceAll("SCAN", r.scan).replaceAll("SEG", r.seg);
        const query = new URLSearchParams(r.query).toString();
        const url = `${path}${query ? (path.includes("?") ? "&" : "?") + query : ""}`;
        const response = await contexts.get(r.as)!.fetch(url, {
          method: r.target.method,
          headers: r.contentType ? { "content-type": r.contentType } : {},
          data: r.target.method === "GET" ? undefined : r.body,
          maxRedirects: 0,
          failOnStatusCode: false,
        });
        const text = await response.text();
        expect(response.status(), `${r.as} ${r.target.method} ${url}: ${text.slice(0, 300)}`).toBeLessThan(
          500,
        );
        expect(text, `${r.as} ${r.target.method} ${url}`).not.toMatch(leak);
      }),
      { seed, numRuns, endOnFailure: true },
    );
  } finally {
    for (const c of contexts.values()) await c.dispose();
  }
  const health = await (await playwrightRequest.newContext({ baseURL })).get("/api/health");
  expect(health.status()).toBe(200);
});
