import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/lib/db";
import { saveFleetSettings, syncFleetAccounts } from "@/lib/db/fleet";
import { fleetSettingsSchema } from "@/lib/schemas/fleet";

// The server runs under a small heap (scripts/start.sh). The fleet page once ranked every bucket in memory, and a
// fleet of 50,000 buckets crashed it. Here a view of 100,000 buckets is built in a process whose heap holds what
// loading the code takes and a page of rows, not every bucket.

const ACCOUNTS = 500;
const PER_ACCOUNT = 200;
const HEAP_MB = 96;
let dir: string;
let file: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-heap-"));
  file = path.join(dir, "ownerscope.db");
  const db = openDb(file);
  saveFleetSettings(db, fleetSettingsSchema.parse({ source: "file", readRole: "OwnerscopeRead" }), 0);
  const id = (i: number) => String(100000000000 + i);
  syncFleetAccounts(
    db,
    Array.from({ length: ACCOUNTS }, (_, i) => ({
      id: id(i),
      name: `account-${i}`,
      ouPath: ["Root", `ou-${i % 7}`],
      ouIds: ["r-1", `ou-${i % 7}`],
      tags: { team: `team-${i % 11}`, env: i % 2 ? "prod" : "dev" },
    })),
  );
  const insert = db.prepare(
    `INSERT INTO fleet_buckets (account_id, bucket, region, state, objects, foreign_objects, locked_objects,
       foreign_bytes, public_objects, newest_foreign_at, writers_json, scanned_at)
     VALUES (?, ?, ?, 'scanned', 1000, ?, ?, ?, 0, ?, ?, '2026-12-01T00:00:00.000Z')`,
  );
  db.transaction(() => {
    for (let a = 0; a < ACCOUNTS; a++)
      for (let b = 0; b < PER_ACCOUNT; b++) {
        const n = (a * PER_ACCOUNT + b) % 97;
        insert.run(
          id(a),
          `bucket-${a}-${b}-${"x".repeat(30)}`,
          `region-${b % 5}`,
          n,
          n % 3,
          n * 1024,
          n ? "2026-11-30T00:00:00.000Z" : null,
          JSON.stringify(n ? [`${id((a + 1) % ACCOUNTS)}$writer-${b}`] : []),
        );
      }
  })();
  db.close();
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const probe = (query: Record<string, string>) => `
  const { importFromRepo } = await import(${JSON.stringify(path.resolve("scripts/register-ts.mjs"))});
  const { openDb } = await importFromRepo("lib/db/index.ts");
  const { fleetView } = await importFromRepo("lib/api/fleet-view.ts");
  const { fleetFilterSchema } = await importFromRepo("lib/schemas/fleet.ts");
  const view = fleetView(openDb(${JSON.stringify(file)}), fleetFilterSchema.parse(${JSON.stringify(query)}));
  console.log(JSON.stringify({ total: view.total, matching: view.matching, shown: view.buckets.length,
    first: view.buckets[0]?.bucket, locked: view.problems.find((p) => p.problem === "locked").buckets }));
`;

function viewUnderSmallHeap(query: Record<string, string>) {
  const run = spawnSync(
    process.execPath,
    [`--max-old-space-size=${HEAP_MB}`, "--input-type=module", "-e", probe(query)],
    { encoding: "utf8", timeout: 90_000 },
  );
  if (run.status !== 0) throw new Error(`the view's process failed: ${run.stderr.slice(0, 400)}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as Record<string, unknown>;
}

describe(`the fleet view of ${ACCOUNTS * PER_ACCOUNT} buckets under a ${HEAP_MB} MB heap`, () => {
  it("ranks, counts and pages every bucket", () => {
    const view = viewUnderSmallHeap({});
    expect(view.total).toBe(ACCOUNTS * PER_ACCOUNT);
    expect(view.matching).toBe(ACCOUNTS * PER_ACCOUNT);
    expect(view.shown).toBe(100);
    // n = (200a + b) mod 97 foreign, n mod 3 locked: the riskiest have n = 95 (2 locked, the most bytes among
    // those), a = 0 gives b = 95 and b = 192, and by name "bucket-0-192-…" comes first.
    expect(view.first).toBe(`bucket-0-192-${"x".repeat(30)}`);
    expect(view.locked).toBeGreaterThan(0);
  }, 120_000);

  it("filters by tag and problem", () => {
    const view = viewUnderSmallHeap({ tag: "env=prod", problem: "locked", show: "5000" });
    expect(view.total).toBe((ACCOUNTS / 2) * PER_ACCOUNT);
    expect(view.matching).toBe(view.locked);
    expect(view.shown).toBe(Math.min(5000, view.locked as number));
  }, 120_000);
});
