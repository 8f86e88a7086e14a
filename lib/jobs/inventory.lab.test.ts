// Integration: S3 Inventory reports of the seeded lab (CSV.gz and Parquet, with and without the ACL field) are
// written in AWS's layout into a lab bucket, ingested, and compared with a live full scan key by key.
import { gunzipSync, gzipSync } from "node:zlib";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { iterateFindings } from "@/lib/db/findings";
import { getScan } from "@/lib/db/scans";
import type { ReportRoot } from "@/lib/inventory/locations";
import { prepareInventoryScan, runInventoryScan } from "@/lib/jobs/inventory";
import { runScan } from "@/lib/jobs/scan-runner";
import { prepareScan } from "@/lib/jobs/scans";
import type { FindingRecord } from "@/lib/schemas/scan";
import { reportRowsOf, writeReport, type ReportRow } from "@/scripts/lab/inventory";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";

const SOURCE = "account-b-no-bucket";
const VERSIONED = "account-b-versioned";
const DEST = "inventory-reports";

let lab: Lab;
let db: Db;
let rows: ReportRow[];
let live: FindingRecord[];

const comparable = (f: FindingRecord) => ({
  key: f.key,
  versionId: f.versionId,
  deleteMarker: f.deleteMarker,
  owner: f.owner.id,
  status: f.status,
  access: f.bucketOwnerAccess,
  publicGrant: f.publicGrant,
  size: f.size,
  storageClass: f.storageClass,
  etag: f.etag,
  reason: f.reason,
});

async function liveScan(bucket: string, versions: boolean) {
  const target = lab.target(lab.roles.audit.profile);
  const { scanId } = prepareScan(
    db,
    { connectionId: null, target, bucket, prefix: "", mode: "full", versions, concurrency: 8 },
    false,
  );
  await runScan(db, scanId);
  return [...iterateFindings(db, scanId)];
}

async function ingest(location: { bucket: string; key: string }, within?: ReportRoot) {
  const request = {
    connectionId: null,
    target: lab.target(lab.roles.audit.profile),
    location,
    within,
    concurrency: 8,
  };
  const prepared = await prepareInventoryScan(db, request);
  await runInventoryScan(db, request, prepared);
  return {
    prepared,
    scan: getScan(db, prepared.scanId)!,
    findings: [...iterateFindings(db, prepared.scanId)],
  };
}

beforeAll(async () => {
  lab = loadLab();
  db = openDb(":memory:");
  rows = await reportRowsOf(lab, SOURCE);
  live = await liveScan(SOURCE, false);
});

describe("an inventory report as a scan source", () => {
  it.each(["CSV", "Parquet"] as const)(
    "a %s report with ObjectOwner and ObjectAccessControlList gives a live scan's findings, with no request per key",
    async (format) => {
      // Two rows per file: the multi-file path is taken, odd keys and all.
      const manifestKey = await writeReport(lab, SOURCE, DEST, `${format}-full/`, rows, {
        format,
        rowsPerFile: 7,
      });
      const { scan, findings, prepared } = await ingest({ bucket: DEST, key: manifestKey });
      expect(prepared.missing).toEqual([]);
      expect(scan.error).toBeNull();
      expect(scan).toMatchObject({ status: "completed", source: "inventory", bucket: SOURCE });
      expect(scan.reportDate).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(scan.requests).toBe(0); // every key was classified from the report
      // The live scan flags public grants on owned keys too; the report does the same from its ACL field.
      expect(findings.map(comparable)).toEqual(live.map(comparable));
    },
  );

  it("a report without ObjectAccessControlList leaves foreign keys to a live check of just those, then matches", async () => {
    const manifestKey = await writeReport(lab, SOURCE, DEST, "csv-no-acl/", rows, {
      format: "CSV",
      withoutAcl: true,
    });
    const { scan, findings, prepared } = await ingest({ bucket: DEST, key: manifestKey });
    expect(prepared.missing).toEqual(["ObjectAccessControlList"]);
    const foreign = live.filter((f) => f.owner.id !== scan.bucketOwnerId).length;
    expect(foreign).toBeGreaterThan(0);
    // The live check touched the foreign keys only (fast mode: one ACL read each, a HEAD when denied).
    expect(scan.requests).toBeGreaterThanOrEqual(foreign);
    expect(scan.requests).toBeLessThanOrEqual(foreign * 2);
    const byKey = new Map(live.map((f) => [f.key, f]));
    for (const f of findings) {
      const l = byKey.get(f.key)!;
      expect({ owner: f.owner.id, status: f.status, access: f.bucketOwnerAccess }, f.key).toEqual({
        owner: l.owner.id,
        status: l.status,
        access: l.bucketOwnerAccess,
      });
    }
    expect(findings).toHaveLength(live.length);
  });

  it("a prefix finds the newest report under it; versions and delete markers come through", async () => {
    const versionRows = await reportRowsOf(lab, VERSIONED, true);
    await writeReport(lab, VERSIONED, DEST, "versions/", versionRows, { format: "Parquet", versions: true });
    const { scan, findings } = await ingest({ bucket: DEST, key: "versions/" });
    expect(scan).toMatchObject({ status: "completed", versions: true, bucket: VERSIONED });
    const liveVersions = await liveScan(VERSIONED, true);
    const pick = (f: FindingRecord) => ({ ...comparable(f), isLatest: f.isLatest });
    expect(findings.map(pick)).toEqual(liveVersions.map(pick));
    expect(findings.some((f) => f.deleteMarker)).toBe(true);
  });

  it("checks each data file against its manifest MD5 before reading a row of it: a tampered file adds nothing", async () => {
    // More rows than one commit batch holds, so that rows would be committed before the file's end.
    const many = Array.from({ length: 5_000 }, (_, i) => ({ ...rows[i % rows.length]!, key: `many/${i}` }));
    const manifestKey = await writeReport(lab, SOURCE, DEST, "csv-tampered/", many, { format: "CSV" });
    const manifest = JSON.parse(
      await (
        await lab.b.send(new GetObjectCommand({ Bucket: DEST, Key: manifestKey }))
      ).Body!.transformToString(),
    ) as { files: { key: string }[] };
    const file = manifest.files[0]!.key;
    const original = await (
      await lab.b.send(new GetObjectCommand({ Bucket: DEST, Key: file }))
    ).Body!.transformToByteArray();
    // Someone with write access to the destination says a foreign key is the bucket owner's.
    const forged = gunzipSync(original)
      .toString("utf8")
      .replace(lab.writer.canonicalId, lab.bucketOwner.canonicalId);
    await lab.b.send(new PutObjectCommand({ Bucket: DEST, Key: file, Body: gzipSync(forged) }));
    const { scan, findings } = await ingest({ bucket: DEST, key: manifestKey });
    expect(scan.status).toBe("failed");
    expect(scan.error).toMatch(/does not match its manifest checksum|larger than its manifest says/);
    expect(findings).toEqual([]);
  });

  it("reads a report only where it was allowed: a manifest there cannot send the reader to data files elsewhere", async () => {
    const manifestKey = await writeReport(lab, SOURCE, DEST, "elsewhere/", rows, { format: "CSV" });
    const manifest = await (
      await lab.b.send(new GetObjectCommand({ Bucket: DEST, Key: manifestKey }))
    ).Body!.transformToString();
    // The same manifest, copied into the allowed folder: its data files still name the folder outside.
    const copied = `allowed/${manifestKey}`;
    await lab.b.send(new PutObjectCommand({ Bucket: DEST, Key: copied, Body: manifest }));
    const within = { bucket: DEST, prefix: "allowed/" };
    await expect(ingest({ bucket: DEST, key: copied }, within)).rejects.toThrow(
      `s3://${DEST}/${JSON.parse(manifest).files[0].key} is outside s3://${DEST}/allowed/`,
    );
    const allowed = await ingest({ bucket: DEST, key: manifestKey }, { bucket: DEST, prefix: "elsewhere/" });
    expect(allowed.scan.status).toBe("completed");
  });

  it("refuses what is not a report, saying where it looked", async () => {
    await expect(ingest({ bucket: DEST, key: "no-such-prefix/" })).rejects.toThrow(
      `No inventory manifest.json under s3://${DEST}/no-such-prefix/.`,
    );
  });
});
