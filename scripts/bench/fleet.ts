// npm run bench:fleet [-- --accounts 100 --buckets 20 --concurrency 32 --runs 3]
// A synthetic organization on the lab: ACCOUNTS tenants with BUCKETS buckets each (a tenth of them holding objects
// another account wrote), every account with the same read role, listed in an accounts file. Measured: `fleet scan`
// as the CLI runs it (buckets per second and peak RSS), against the raw floor of the same run (one ListObjectsV2 of
// every bucket with the same concurrency, the least any scan must send); then the fleet view in Chromium on the
// production build (first rows, and an OU filter). Targets: first rows <= 1.5 s, a filter <= 300 ms. Last, the
// server's database is grown to LARGE buckets (synthetic rows in accounts the lab does not have) and the view timed
// again with the server's resident memory: its heap is capped (scripts/start.sh), and the view must not hold every
// bucket.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { chromium } from "@playwright/test";
import { openDb } from "@/lib/db";
import { dbFileIn } from "@/lib/env";
import { fmt, runBench, verdict, writeArtifact } from "./report";
import { peakRssMb, startBenchServer } from "./server";
import { loadLab } from "../lab/lab-env";
import { templateActions } from "../lab/role-actions";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "100" },
    buckets: { type: "string", default: "20" },
    concurrency: { type: "string", default: "32" },
    runs: { type: "string", default: "3" },
    large: { type: "string", default: "50000" },
  },
});
const ACCOUNTS = Number(values.accounts);
const BUCKETS = Number(values.buckets);
const CONCURRENCY = Number(values.concurrency);
const RUNS = Number(values.runs);
const LARGE = Number(values.large);
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, "../..");

const idOf = (n: number) => `52${String(n).padStart(10, "0")}`;
const keyOf = (id: string) => `BENCH${id}KEY`;
const secretOf = (id: string) => `ownerscope-bench-fleet-${id}`;
const bucketOf = (id: string, b: number) => `bf-${id}-${b}`;
const OWN = 5;
const FOREIGN = 2;

async function pool<T>(items: T[], n: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

/** Makes the synthetic organization once per lab (a marker file says it is there). */
async function seedOrganization(lab: ReturnType<typeof loadLab>) {
  const marker = path.join(lab.dir, `bench-fleet-${ACCOUNTS}x${BUCKETS}.json`);
  const ids = Array.from({ length: ACCOUNTS }, (_, i) => idOf(i + 1));
  if (fs.existsSync(marker)) return ids;
  const started = performance.now();
  const admin = (...args: string[]) =>
    run("radosgw-admin", ["-c", path.join(lab.dir, "ceph.conf"), "-n", "client.admin", ...args]);
  const actions = templateActions("read-role.stackset.json", "ReadRole");
  await pool(ids, 4, async (id) => {
    await admin(
      "user",
      "create",
      "--tenant",
      id,
      "--uid",
      "admin",
      "--display-name",
      `bench ${id}`,
      "--access-key",
      keyOf(id),
      "--secret-key",
      secretOf(id),
    );
    const trust = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: [`arn:aws:iam::${id}:user/admin`] },
          Action: ["sts:AssumeRole"],
        },
      ],
    };
    await admin(
      "role",
      "create",
      "--tenant",
      id,
      "--role-name",
      "OwnerscopeRead",
      "--path",
      "/",
      "--assume-role-policy-doc",
      JSON.stringify(trust),
    );
    const policy = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: actions, Resource: ["arn:aws:s3:::*"] }],
    };
    await admin(
      "role-policy",
      "put",
      "--tenant",
      id,
      "--role-name",
      "OwnerscopeRead",
      "--policy-name",
      "main",
      "--policy-doc",
      JSON.stringify(policy),
    );
  });
  log(`${ACCOUNTS} accounts made in ${fmt((performance.now() - started) / 1000, 1)} s`);
  const client = (id: string) =>
    new S3Client({
      region: "us-east-1",
      endpoint: lab.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: keyOf(id), secretAccessKey: secretOf(id) },
    });
  const work = ids.flatMap((id, a) => Array.from({ length: BUCKETS }, (_, b) => ({ id, a, b })));
  await pool(work, 16, async ({ id, a, b }) => {
    const s3 = client(id);
    const bucket = bucketOf(id, b);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const writer = ids[(a + 1) % ids.length]!;
    const foreign = b % 10 === 0;
    if (foreign)
      await s3.send(
        new PutBucketPolicyCommand({
          Bucket: bucket,
          Policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { AWS: [`arn:aws:iam::${writer}:user/admin`] },
                Action: ["s3:PutObject"],
                Resource: [`arn:aws:s3:::${bucket}/*`],
              },
            ],
          }),
        }),
      );
    for (let k = 0; k < OWN; k++)
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `own/${k}`, Body: "x" }));
    if (foreign)
      for (let k = 0; k < FOREIGN; k++)
        await client(writer).send(
          new PutObjectCommand({ Bucket: `${id}:${bucket}`, Key: `in/${k}`, Body: "y" }),
        );
  });
  const credentials = ids
    .map((id) => `[bench-${id}]\naws_access_key_id = ${keyOf(id)}\naws_secret_access_key = ${secretOf(id)}\n`)
    .join("\n");
  const config = ids.map((id) => `[profile bench-${id}]\nregion = us-east-1\n`).join("\n");
  fs.appendFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE!, `\n${credentials}`);
  fs.appendFileSync(process.env.AWS_CONFIG_FILE!, `\n${config}`);
  fs.writeFileSync(marker, JSON.stringify({ accounts: ACCOUNTS, buckets: BUCKETS }));
  log(`${ACCOUNTS * BUCKETS} buckets seeded in ${fmt((performance.now() - started) / 1000, 1)} s`);
  return ids;
}

/** The floor: one ListObjectsV2 with owners of every bucket, with each account's own keys, CONCURRENCY at once. */
async function rawFloor(lab: ReturnType<typeof loadLab>, ids: string[]) {
  const clients = new Map(
    ids.map((id) => [
      id,
      new S3Client({
        region: "us-east-1",
        endpoint: lab.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: keyOf(id), secretAccessKey: secretOf(id) },
      }),
    ]),
  );
  const work = ids.flatMap((id) => Array.from({ length: BUCKETS }, (_, b) => ({ id, b })));
  const started = performance.now();
  await pool(work, CONCURRENCY, async ({ id, b }) => {
    await clients.get(id)!.send(new ListObjectsV2Command({ Bucket: bucketOf(id, b), FetchOwner: true }));
  });
  return (performance.now() - started) / 1000;
}

/** Runs the CLI, sampling the peak RSS of it and its children. */
async function cli(
  args: string[],
): Promise<{ code: number; seconds: number; peakRssMb: number; stdout: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(repo, "scripts/ownerscope.mjs"), ...args], {
    cwd: os.tmpdir(),
  });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.resume();
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, peakRssMb(child.pid!))), 200);
  const code = await new Promise<number>((resolve) => child.once("exit", (c) => resolve(c ?? 1)));
  clearInterval(timer);
  return { code, seconds: (performance.now() - started) / 1000, peakRssMb: peak, stdout };
}

/** Grows the fleet the server shows to `total` buckets with synthetic accounts of 100 buckets each. */
function growFleet(dataDir: string, total: number) {
  const db = openDb(dbFileIn(dataDir));
  try {
    const have = (db.prepare("SELECT count(*) AS n FROM fleet_buckets").get() as { n: number }).n;
    const account = db.prepare(
      `INSERT INTO fleet_accounts (id, name, ou_path_json, ou_ids_json, tags_json, health)
       VALUES (?, ?, ?, '[]', '{"env":"synthetic"}', 'ok')`,
    );
    const bucket = db.prepare(
      `INSERT INTO fleet_buckets (account_id, bucket, region, state, objects, foreign_objects, locked_objects,
         foreign_bytes, writers_json, scanned_at)
       VALUES (?, ?, 'us-east-1', 'scanned', 100, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
    );
    db.transaction(() => {
      for (let n = 0; n * 100 < total - have; n++) {
        const id = `53${String(n).padStart(10, "0")}`;
        account.run(id, `synthetic-${n}`, JSON.stringify(["Root", `Synthetic-${n % 20}`]));
        for (let b = 0; b < 100 && n * 100 + b < total - have; b++) {
          const foreign = (n + b) % 10 === 0 ? 1 + (b % 7) : 0;
          const writers = foreign ? [`53${String((n + 1) % 500).padStart(10, "0")}$w`] : [];
          bucket.run(
            id,
            `synthetic-${n}-${b}`,
            foreign,
            foreign % 2,
            foreign * 4096,
            JSON.stringify(writers),
          );
        }
      }
    })();
  } finally {
    db.close();
  }
}

// Marks, in the page's clock, when the first bucket row is in the DOM.
const firstRowsProbe = () => {
  const w = window as unknown as { __firstRowsAt?: number };
  new MutationObserver((_m, observer) => {
    if (document.querySelector('[data-testid="fleet-bucket"]')) {
      w.__firstRowsAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};

async function main() {
  const lab = loadLab();
  const ids = await seedOrganization(lab);
  const accountsFile = path.join(os.tmpdir(), `ownerscope-bench-fleet-${process.pid}.json`);
  fs.writeFileSync(
    accountsFile,
    JSON.stringify(ids.map((id, i) => ({ id, name: `team-${i}`, ou: `Unit-${i % 5}` }))),
  );
  const server = await startBenchServer(lab, log);
  const browser = await chromium.launch({
    executablePath: process.env.OWNERSCOPE_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    const discover = await cli([
      "fleet",
      "discover",
      "--data-dir",
      server.dataDir,
      "--accounts",
      accountsFile,
      "--read-role",
      "OwnerscopeRead",
      "--profile-pattern",
      "bench-{accountId}",
      "--endpoint-url",
      lab.endpoint,
      "--sts-endpoint-url",
      lab.endpoint,
      "--path-style",
      "--concurrency",
      String(CONCURRENCY),
    ]);
    if (discover.code !== 0) throw new Error(`fleet discover exited ${discover.code}`);
    log(`scanning ${fmt(ids.length * BUCKETS)} buckets of ${ids.length} accounts…`);
    const scan = await cli(["fleet", "scan", "--data-dir", server.dataDir, "--format", "json"]);
    const status = JSON.parse(scan.stdout) as {
      buckets: { state: string; foreignObjects: number }[];
      failures: unknown[];
    };
    const scanned = status.buckets.filter((b) => b.state === "scanned").length;
    const foreign = status.buckets.reduce((n, b) => n + b.foreignObjects, 0);
    const expectedForeign = ids.length * Math.ceil(BUCKETS / 10) * FOREIGN;
    if (scan.code !== 3 || scanned !== ids.length * BUCKETS || foreign !== expectedForeign)
      throw new Error(
        `fleet scan exited ${scan.code}: ${scanned} buckets scanned, ${foreign} foreign (expected ${expectedForeign}), failures ${JSON.stringify(status.failures).slice(0, 500)}`,
      );
    const floor = await rawFloor(lab, ids);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const [name, value] = server.cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: server.base }]);
    await context.addInitScript(firstRowsProbe);
    const page = await context.newPage();
    const firstRows: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      await page.goto(`${server.base}/fleet`);
      await page.waitForFunction(() => (window as unknown as { __firstRowsAt?: number }).__firstRowsAt);
      firstRows.push(
        await page.evaluate(() => (window as unknown as { __firstRowsAt: number }).__firstRowsAt),
      );
    }
    // A filter timed in the page's own clock, from the change to the frame whose rows all match (as bench:ui does).
    const filters: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto(`${server.base}/fleet`);
      await page.getByTestId("fleet-bucket").first().waitFor();
      await page.waitForLoadState("networkidle");
      const unit = `Unit-${(i % 4) + 1}`;
      filters.push(
        await page.evaluate(async (u) => {
          const select = document.querySelector('select[aria-label="OU"]') as HTMLSelectElement;
          const started = performance.now();
          Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value")!.set!.call(select, u);
          select.dispatchEvent(new Event("change", { bubbles: true }));
          for (;;) {
            await new Promise(requestAnimationFrame);
            const rows = [...document.querySelectorAll('[data-testid="fleet-bucket"]')];
            if (rows.length > 0 && rows.every((r) => r.textContent?.includes(u)))
              return performance.now() - started;
            if (performance.now() - started > 30_000) throw new Error("the filter never applied");
          }
        }, unit),
      );
    }

    // The same view over a fleet grown to LARGE buckets, with the server's resident memory sampled meanwhile.
    growFleet(server.dataDir, LARGE);
    const largeFirstRows: number[] = [];
    let largePeakRss = 0;
    const sampler = setInterval(
      () => (largePeakRss = Math.max(largePeakRss, peakRssMb(server.process.pid!))),
      100,
    );
    for (let i = 0; i < RUNS; i++) {
      await page.goto(`${server.base}/fleet`);
      await page.waitForFunction(() => (window as unknown as { __firstRowsAt?: number }).__firstRowsAt);
      largeFirstRows.push(
        await page.evaluate(() => (window as unknown as { __firstRowsAt: number }).__firstRowsAt),
      );
    }
    clearInterval(sampler);
    const result = {
      accounts: ids.length,
      buckets: ids.length * BUCKETS,
      concurrency: CONCURRENCY,
      scanSeconds: scan.seconds,
      bucketsPerSecond: (ids.length * BUCKETS) / scan.seconds,
      peakRssMb: scan.peakRssMb,
      rawFloorSeconds: floor,
      ratioToFloor: scan.seconds / floor,
      firstRowsColdMs: firstRows[0],
      firstRowsWarmMs: firstRows.slice(1),
      filterMs: filters,
      large: { buckets: LARGE, firstRowsMs: largeFirstRows, serverPeakRssMb: largePeakRss },
    };
    writeArtifact("bench-fleet", result);
    const worstFirst = Math.max(...firstRows);
    const worstFilter = Math.max(...filters);
    console.log(
      `fleet of ${ids.length} accounts x ${BUCKETS} buckets (${fmt(ids.length * BUCKETS)}), concurrency ${CONCURRENCY}`,
    );
    console.log(
      `  fleet scan: ${fmt(scan.seconds, 1)} s, ${fmt(result.bucketsPerSecond, 1)} buckets/s, peak RSS ${fmt(scan.peakRssMb)} MiB`,
    );
    console.log(
      `  raw floor (one ListObjectsV2 a bucket): ${fmt(floor, 1)} s; fleet scan / floor ${fmt(result.ratioToFloor, 2)}x`,
    );
    console.log(
      `  fleet view first rows: ${firstRows.map((x) => fmt(x)).join(", ")} ms (cold first): ${verdict(worstFirst <= 1500)}`,
    );
    console.log(`  OU filter: ${filters.map((x) => fmt(x)).join(", ")} ms: ${verdict(worstFilter <= 300)}`);
    console.log(
      `  fleet view at ${fmt(LARGE)} buckets: first rows ${largeFirstRows.map((x) => fmt(x)).join(", ")} ms, server peak RSS ${fmt(largePeakRss)} MiB (its heap capped at 192 MiB)`,
    );
  } finally {
    await browser.close();
    server.stop();
    fs.rmSync(accountsFile, { force: true });
  }
}

runBench(main);
