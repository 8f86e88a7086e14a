// No single request can take the server down: the heaviest request each scan-reading route accepts (the widest
// page, the costliest sort and filter, whole-scan exports, dry runs and manifests), sent to the production server
// (heap capped as it ships) on a scan of 1,000,000 findings. Each is answered below 500, streams are read to their
// end, and the server answers its health route after every one. Two synthetic scans of one bucket are written
// straight into the server's database (scripts/lab/synthetic-scan.ts): a live scan of a million keys would take the
// lab a quarter of an hour.
import { execFileSync } from "node:child_process";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { CONNECTION } from "../fixtures";

const BUCKET = "synthetic-heavy-1m";
const FINDINGS = 1_000_000;

function synthetic(...args: string[]): { scanId: number; foreign: number } {
  const dataDir = process.env.OWNERSCOPE_DATA_DIR;
  if (!dataDir) throw new Error("OWNERSCOPE_DATA_DIR is not set: run the API tests with npm run test:e2e");
  const out = execFileSync(
    "npx",
    [
      "tsx",
      "--conditions=react-server",
      "scripts/lab/write-synthetic-scan.ts",
      "--data-dir",
      dataDir,
      ...args,
    ],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

/** Sends one request, reads its whole body without keeping it, and checks the server still answers. */
async function send(request: APIRequestContext, method: "GET" | "POST", url: string, data?: unknown) {
  const started = performance.now();
  const response = method === "GET" ? await request.get(url) : await request.post(url, { data });
  const body = await response.body();
  const health = await request.get("/api/health");
  return {
    url,
    status: response.status(),
    bytes: body.length,
    text: () => body.toString("utf8"),
    seconds: (performance.now() - started) / 1000,
    healthy: health.status() === 200,
  };
}

test.describe.configure({ timeout: 15 * 60_000 });

test.afterAll(() => {
  synthetic("--bucket", BUCKET, "--delete");
});

test("the heaviest request each route accepts on a 1,000,000-finding scan is answered, and the server stays up", async ({
  request,
}) => {
  const earlier = synthetic("--bucket", BUCKET, "--findings", String(FINDINGS), "--seed", "1");
  const scan = synthetic("--bucket", BUCKET, "--findings", String(FINDINGS));
  const s = `/api/scans/${scan.scanId}`;
  const widest = (extra: Record<string, string> = {}) =>
    new URLSearchParams({ q: "object", sort: "size", dir: "desc", limit: "1000", ...extra });
  const writer = (await (await request.get(`${s}/owners`)).json()).owners.find(
    (o: { ownerId: string | null; isBucketOwner: boolean }) => o.ownerId && !o.isBucketOwner,
  );

  const answers = [];
  for (const [method, url, data] of [
    ["GET", `${s}/findings?${widest()}`],
    ["GET", `${s}/findings?${widest({ foreign: "1", public: "1", sort: "modified" })}`],
    ["GET", `${s}/summary?${widest()}`],
    ["GET", `${s}/folders?${widest()}`],
    ["GET", `${s}/owners`],
    ["GET", `${s}/guidance`],
    ["GET", `${s}/export?${widest({ format: "json" })}`],
    ["GET", `${s}/export?format=csv`],
    ["GET", `/api/scans/diff?from=${earlier.scanId}&to=${scan.scanId}`],
    ["GET", `/api/scans/diff/findings?from=${earlier.scanId}&to=${scan.scanId}&kind=new&limit=1000`],
    ["GET", `/api/scans?connectionId=${CONNECTION}&bucket=${BUCKET}&limit=200`],
    [
      "GET",
      `${s}/handoff/manifest?${new URLSearchParams({ owner: writer.ownerId, accountId: "111122223333", workBucket: "work-bucket", job: "grant" })}`,
    ],
    ["POST", "/api/fixes/plan", { connectionId: CONNECTION, scanId: scan.scanId, filter: {} }],
    ["POST", "/api/fixes/enforce/plan", { connectionId: CONNECTION, scanId: scan.scanId }],
    ["GET", `/connections/${CONNECTION}/buckets/${BUCKET}?scan=${scan.scanId}&q=object&sort=size&dir=desc`],
    ["GET", `/connections/${CONNECTION}/buckets/${BUCKET}/scans/${scan.scanId}/report`],
    ["GET", `/connections/${CONNECTION}/buckets/${BUCKET}/diff?from=${earlier.scanId}&to=${scan.scanId}`],
  ] as const) {
    answers.push(await send(request, method, url, data));
  }
  const share = await send(request, "POST", "/api/share", {
    scanId: scan.scanId,
    view: { q: "object", sort: "size", dir: "desc" },
  });
  expect(share.status).toBe(201);
  const page = JSON.parse(share.text()).path as string;
  const token = page.slice("/share/".length);
  answers.push(await send(request, "GET", `/api/share/view/${token}`));
  answers.push(await send(request, "GET", `/api/share/view/${token}/findings?limit=1000`));
  answers.push(await send(request, "GET", page));

  for (const a of answers) {
    console.log(`${a.status} ${a.seconds.toFixed(1)} s ${a.bytes} bytes ${a.url.slice(0, 110)}`);
    expect(a.status, a.url).toBeLessThan(500);
    expect(a.healthy, `the server answers after ${a.url}`).toBe(true);
  }
  // The whole-scan streams reached their end: every finding, in the JSON and the CSV export.
  const csv = answers.find((a) => a.url.endsWith("export?format=csv"))!;
  expect(csv.text().split("\n").filter(Boolean)).toHaveLength(FINDINGS + 1);
  const plan = JSON.parse(answers.find((a) => a.url === "/api/fixes/plan")!.text());
  expect(plan.totals.objects).toBe(scan.foreign);
});
