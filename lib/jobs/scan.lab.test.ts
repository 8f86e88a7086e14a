// Integration: scans of the seeded lab, through the read role and through B's plain user, against the manifest.
import { beforeAll, describe, expect, it } from "vitest";
import type { AwsTarget } from "@/lib/aws/clients";
import { openDb, type Db } from "@/lib/db";
import { iterateFindings } from "@/lib/db/findings";
import { runScan } from "@/lib/jobs/scan-runner";
import { prepareScan } from "@/lib/jobs/scans";
import type { FindingRecord } from "@/lib/schemas/scan";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";
import type { ManifestObject, SeedManifest } from "@/scripts/lab/manifest";
import { readManifest } from "@/scripts/lab/read-manifest";

let lab: Lab;
let manifest: SeedManifest;
let db: Db;

beforeAll(() => {
  lab = loadLab();
  manifest = readManifest(lab.dir);
  db = openDb(":memory:");
});

async function scan(target: AwsTarget, bucket: string, mode: "full" | "fast", versions = false) {
  const { scanId } = prepareScan(
    db,
    { connectionId: null, target, bucket, prefix: "", mode, versions, concurrency: 8 },
    false,
  );
  const record = await runScan(db, scanId);
  return { record, findings: [...iterateFindings(db, scanId)] };
}

const identities = () =>
  [
    ["B's read role (role session: ACLs readable, policies only)", lab.target(lab.roles.audit.profile)],
    ["B's plain user (ACLs apply: 403 on A's objects)", lab.target(lab.bucketOwner.profile)],
  ] as const;

function expectMatches(findings: FindingRecord[], truth: ManifestObject[], mode: "full" | "fast") {
  expect(findings.map((f) => f.key).sort()).toEqual(truth.map((o) => o.key).sort());
  const byKey = new Map(findings.map((f) => [f.key, f]));
  for (const o of truth) {
    const f = byKey.get(o.key)!;
    expect({ owner: f.owner.id, status: f.status, access: f.bucketOwnerAccess }, o.key).toEqual({
      owner: o.ownerId,
      status: o.status,
      access: o.bucketOwnerAccess,
    });
    expect(f.reason, o.key).toBeNull();
    if (mode === "fast" && o.status === "owned") expect(f.publicGrant, o.key).toBeNull();
    if (mode === "full" && f.grants !== null) expect(f.publicGrant, o.key).toBe(false);
    expect(f.size, o.key).toBe(o.size);
    expect(f.storageClass, o.key).toBe(o.storageClass);
  }
}

describe.each(["full", "fast"] as const)("a %s scan", (mode) => {
  it.each([0, 1])("classifies every seeded key as the manifest says (identity %i)", async (i) => {
    const [, target] = identities()[i]!;
    const { record, findings } = await scan(target, "account-b-no-bucket", mode);
    const truth = manifest.objects.filter((o) => o.bucket === "account-b-no-bucket");
    expect(record.status).toBe("completed");
    expect(record.bucketOwnerId).toBe(manifest.bucketOwner.canonicalId);
    expect(record.listed).toBe(truth.length);
    expect(record.classified).toBe(truth.length);
    expectMatches(findings, truth, mode);
    const foreign = truth.filter((o) => o.status !== "owned").length;
    // fast checks only the foreign keys: one listing plus at most two requests per foreign key.
    if (mode === "fast") expect(record.requests).toBeLessThanOrEqual(1 + 5 + 2 * foreign);
    else expect(record.requests).toBeGreaterThanOrEqual(truth.length);
  });
});

describe("versions", () => {
  it("gives one finding per version and delete marker, with its owner", async () => {
    const { record, findings } = await scan(
      lab.target(lab.roles.audit.profile),
      "account-b-versioned",
      "full",
      true,
    );
    expect(record.status).toBe("completed");
    const truth = manifest.objects.filter((o) => o.bucket === "account-b-versioned");
    const seen = findings.map((f) => [f.key, f.versionId, f.owner.id, f.isLatest, f.deleteMarker, f.status]);
    expect(seen.sort()).toEqual(
      truth.map((o) => [o.key, o.versionId, o.ownerId, o.isLatest, o.deleteMarker, o.status]).sort(),
    );
    // The noncurrent version A left behind B's overwrite is found.
    expect(
      findings.some((f) => f.key === "shared/report.csv" && !f.isLatest && f.status === "foreign-locked"),
    ).toBe(true);
  });
});

describe("posture", () => {
  it("reads the owner, the policy that lets A write without bofc, and RGW's empty ownership answer", async () => {
    const { record } = await scan(lab.target(lab.roles.audit.profile), "account-b-clean", "fast");
    const posture = record.posture!;
    expect(posture.objectOwnership).toMatchObject({ value: "ObjectWriter", confirmed: false });
    expect(posture.policy).toMatchObject({ readable: true, writers: [] });
    const shared = await scan(lab.target(lab.bucketOwner.profile), "account-b-no-bucket", "fast");
    const p2 = shared.record.posture!;
    expect(p2.policy).toMatchObject({
      readable: true,
      writers: [expect.objectContaining({ principals: [manifest.writer.arn] })],
      requiresBucketOwnerFullControl: false,
    });
    expect(p2.notes.join(" ")).toMatch(/without bucket-owner-full-control/);
  });

  it("a bucket that does not exist fails the scan with a message that says so", async () => {
    const { record } = await scan(
      lab.target(lab.roles.audit.profile),
      "no-such-bucket-for-ownerscope",
      "fast",
    );
    expect(record.status).toBe("failed");
    expect(record.error).toMatch(/does not exist/);
  });
});

describe("server restart", () => {
  it("resumes a web scan whose process died, from its checkpoint, to the same findings", async () => {
    const { saveConnection } = await import("@/lib/db/connections");
    const { resumeInterruptedScans } = await import("@/lib/jobs/background-scans");
    const { getScan } = await import("@/lib/db/scans");
    const { spawnSync } = await import("node:child_process");
    const target = lab.target(lab.roles.audit.profile);
    saveConnection(db, { id: "restart", name: "restart", ...target });
    const { scanId } = prepareScan(
      db,
      {
        connectionId: "restart",
        target,
        bucket: "account-b-no-bucket",
        prefix: "",
        mode: "full",
        versions: false,
        concurrency: 4,
      },
      false,
    );
    // A scan left "running" by a process that no longer exists (as after kill -9 of the server).
    const dead = spawnSync("true").pid!;
    db.prepare("UPDATE scans SET runner_pid = ?, heartbeat_at = ? WHERE id = ?").run(
      dead,
      Date.now(),
      scanId,
    );
    expect(resumeInterruptedScans(db)).toEqual([scanId]);
    await expect.poll(() => getScan(db, scanId)!.status, { timeout: 20_000 }).toBe("completed");
    const truth = manifest.objects.filter((o) => o.bucket === "account-b-no-bucket");
    expectMatches([...iterateFindings(db, scanId)], truth, "full");
    // A scan whose runner is alive (this process) is left alone.
    expect(resumeInterruptedScans(db)).toEqual([]);
  });
});

describe("a scan the server runs in the background", () => {
  it("runs in a thread of its own with its own connection, to the same findings; a cancel reaches it at once", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { saveConnection } = await import("@/lib/db/connections");
    const { cancelScan, runInBackground } = await import("@/lib/jobs/background-scans");
    const { getScan } = await import("@/lib/db/scans");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ownerscope-thread-"));
    const fileDb = openDb(path.join(dir, "ownerscope.db"));
    try {
      const target = lab.target(lab.roles.audit.profile);
      saveConnection(fileDb, { id: "threaded", name: "threaded", ...target });
      const start = (bucket: string) =>
        prepareScan(
          fileDb,
          {
            connectionId: "threaded",
            target,
            bucket,
            prefix: "",
            mode: "full",
            versions: false,
            concurrency: 4,
          },
          false,
        ).scanId;
      const scanId = start("account-b-no-bucket");
      runInBackground(fileDb, { kind: "live", scanId });
      // This thread now blocks (as a request that takes long would): the scan completes all the same, elsewhere.
      const deadline = Date.now() + 30_000;
      while (getScan(fileDb, scanId)!.status === "running" && Date.now() < deadline);
      expect(getScan(fileDb, scanId)!.status).toBe("completed");
      const truth = manifest.objects.filter((o) => o.bucket === "account-b-no-bucket");
      expectMatches([...iterateFindings(fileDb, scanId)], truth, "full");

      const cancelled = start("account-b-versioned");
      runInBackground(fileDb, { kind: "live", scanId: cancelled });
      cancelScan(fileDb, cancelled);
      await expect.poll(() => getScan(fileDb, cancelled)!.status, { timeout: 10_000 }).toBe("cancelled");
    } finally {
      fileDb.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
