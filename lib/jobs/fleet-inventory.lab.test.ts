// Integration: a fleet scan reads a bucket's newest S3 Inventory report instead of listing it, on the lab's
// organization. The gateway keeps no inventory configurations of its own, so the test says which configuration a
// bucket has (as ListBucketInventoryConfigurations would) and writes the report as S3 delivers it; reading the
// manifest, the data files and the live checks all go to the gateway through the fleet's read roles.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import {
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3For } from "@/lib/aws/clients";
import type { InventoryConfigs } from "@/lib/aws/inventory-config";
import { openDb, type Db } from "@/lib/db";
import { createFleetRun } from "@/lib/db/fleet-runs";
import { fleetBucketRows } from "@/lib/db/fleet-view";
import { getScan } from "@/lib/db/scans";
import type { InventoryConfigSummary } from "@/lib/inventory/config";
import { runFleetScan } from "@/lib/jobs/fleet-scan";
import { runCli, tempDataDir } from "@/scripts/cli/run-cli";
import { reportRowsOf, writeReport } from "@/scripts/lab/inventory";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";
import * as org from "@/scripts/lab/org-layout";
import { startOrganizationsServer, type OrganizationsServer } from "@/scripts/lab/organizations-server";

const OWNER = "410000000001";
const SOURCE = "payments-prod-data";
// Reports are delivered to a bucket of another account of the organization, as a central inventory account has.
const DELIVERY = "410000000002";
const DEST = "ledger-prod-inventory";
const GONE = "deleted-since-the-report.csv";
const DAY = 86_400_000;

let lab: Lab;
let organizations: OrganizationsServer;
let db: Db;
let delivery: S3Client;
const dataDir = tempDataDir();

const config = (id: string, o: Partial<InventoryConfigSummary> = {}): InventoryConfigSummary => ({
  id,
  enabled: true,
  destinationBucketArn: `arn:aws:s3:::${DEST}`,
  destinationAccountId: DELIVERY,
  prefix: "reports",
  format: "CSV",
  frequency: "Daily",
  includedVersions: "Current",
  optionalFields: ["Size", "LastModifiedDate", "ETag", "StorageClass", "ObjectOwner"],
  ...o,
});

/** What ListBucketInventoryConfigurations would say: `configs` for the source bucket, none for the others. */
const configured =
  (...configs: InventoryConfigSummary[]) =>
  async (_target: unknown, bucket: string): Promise<InventoryConfigs> => ({
    supported: true,
    configs: bucket === SOURCE ? configs : [],
  });

async function writeOwnReport(configId: string, createdAt: Date) {
  const owner = s3For(lab.target(org.profileOf(OWNER)));
  const rows = await reportRowsOf(lab, SOURCE, false, owner);
  // A key deleted after the report was made: only a scan that read the report knows it.
  rows.push({ ...rows[0]!, key: GONE, owner: org.canonicalIdOf(OWNER) });
  await writeReport(lab, SOURCE, DEST, "reports/", rows, {
    format: "CSV",
    withoutAcl: true,
    deliverWith: delivery,
    configId,
    createdAt,
  });
}

async function scanFleet(listInventoryConfigs: ReturnType<typeof configured>) {
  const status = await runFleetScan(db, createFleetRun(db, "all"), { listInventoryConfigs });
  const rows = fleetBucketRows(db);
  return { status, rows, source: rows.find((r) => r.bucket === SOURCE)! };
}

async function discover(...flags: string[]) {
  const args = org.discoverArgs(dataDir, lab.endpoint, organizations.url);
  const r = await runCli([...args, "--include-account", OWNER, "--include-account", DELIVERY, ...flags]);
  expect(r.code, r.stderr).toBe(0);
}

const hasKey = (scanId: number, key: string) =>
  db.prepare("SELECT 1 FROM findings WHERE scan_id = ? AND key = ?").get(scanId, key) !== undefined;

beforeAll(async () => {
  lab = loadLab();
  await promisify(execFile)("bash", [path.resolve(__dirname, "../../scripts/lab/lab"), "org"], {
    env: { ...process.env, OWNERSCOPE_LAB_DIR: lab.dir },
  });
  lab = loadLab();
  organizations = await startOrganizationsServer([org.accessKeyOf(org.MANAGEMENT_ID)]);
  await discover();
  db = openDb(path.join(dataDir, "ownerscope.db"));
  delivery = s3For(lab.target(org.profileOf(DELIVERY)));
  await writeOwnReport("daily-owner", new Date());
  await writeOwnReport("stale-daily", new Date(Date.now() - 3 * DAY));
}, 180_000);

afterAll(async () => {
  await organizations?.close();
  if (!delivery) return;
  const listed = await delivery.send(new ListObjectsV2Command({ Bucket: DEST })).catch(() => null);
  for (const o of listed?.Contents ?? [])
    await delivery.send(new DeleteObjectCommand({ Bucket: DEST, Key: o.Key! }));
  await delivery.send(new DeleteBucketCommand({ Bucket: DEST })).catch(() => {});
});

describe("a fleet scan from S3 Inventory reports", () => {
  it("scans a bucket from its newest report, read through the account it is delivered to, and lists the others", async () => {
    const { status, rows, source } = await scanFleet(configured(config("daily-owner")));
    expect(status).toBe("completed");
    const scan = getScan(db, source.scanId!)!;
    expect(scan.source).toBe("inventory");
    expect(source.reportDate).not.toBeNull();
    expect(source.sourceNote).toBeNull();
    // The report's rows, the gone key with them; its foreign keys checked live, as a listing would find them.
    expect(hasKey(scan.id, GONE)).toBe(true);
    expect(source.classified).toBe(org.OWN_KEYS_PER_BUCKET + 7 + 1);
    expect([source.foreignObjects, source.lockedObjects]).toEqual([7, 7]);
    for (const other of rows.filter((r) => r.bucket !== SOURCE)) {
      expect(other.reportDate, other.bucket).toBeNull();
      expect(other.sourceNote, other.bucket).toBeNull();
      expect(getScan(db, other.scanId!)!.source, other.bucket).toBe("live");
    }
  });

  it("lists a bucket whose report is overdue, and says why", async () => {
    const { source } = await scanFleet(configured(config("stale-daily")));
    expect(source.reportDate).toBeNull();
    expect(source.sourceNote).toMatch(/"stale-daily".*3 days old/);
    expect(hasKey(source.scanId!, GONE)).toBe(false);
    expect([source.classified, source.foreignObjects, source.lockedObjects]).toEqual([
      org.OWN_KEYS_PER_BUCKET + 7,
      7,
      7,
    ]);
  });

  it("lists a bucket whose report it cannot read, and prefers a configuration with ACLs it can", async () => {
    // Without the delivery account, the bucket's own read role looks for the report in its own account: not there.
    const lost = config("daily-owner", { destinationAccountId: null });
    const { source } = await scanFleet(configured(lost));
    expect(source.reportDate).toBeNull();
    expect(source.sourceNote).toMatch(/"daily-owner"/);
    expect(getScan(db, source.scanId!)!.source).toBe("live");

    const { source: again } = await scanFleet(
      configured(config("no-owner-field", { optionalFields: ["Size"] }), config("daily-owner")),
    );
    expect(again.reportDate).not.toBeNull();
    expect(again.sourceNote).toBeNull();
  });

  it("never reads a report with --list-only", async () => {
    await discover("--list-only");
    const { source } = await scanFleet(configured(config("daily-owner")));
    expect(source.reportDate).toBeNull();
    expect(getScan(db, source.scanId!)!.source).toBe("live");
  });
});
