// Integration: disabling ACLs on the lab's scenario (scripts/lab/acl-scenario.ts). The plan must list exactly the
// scenario's known blockers and breakers; the translated policy is proved by the third account's own keys (it reads
// exactly what it read before, after the bucket owner owns every object and the ACL grants are gone); the rollback
// gives back the policy text and bucket ACL as they were. The gateway has no Object Ownership: the cutover stops
// there, as it must.
import {
  CopyObjectCommand,
  GetBucketAclCommand,
  GetBucketPolicyCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  PutBucketPolicyCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planMigration, takeSnapshot } from "@/lib/api/migration-plan";
import { openDb, type Db } from "@/lib/db";
import { getMigration } from "@/lib/db/acl-migrations";
import { listAudit } from "@/lib/db/audit-log";
import { getScan } from "@/lib/db/scans";
import type { MigrationContext } from "@/lib/jobs/acl-context";
import { runCutoverStep, runRollback } from "@/lib/jobs/acl-cutover";
import { gatherEvidence } from "@/lib/jobs/acl-migration";
import { runScan } from "@/lib/jobs/scan-runner";
import { prepareScan } from "@/lib/jobs/scans";
import { OWNERSHIP_UNSUPPORTED } from "@/lib/migrate/steps";
import {
  ACCESS_LOGS,
  CLOUDTRAIL,
  breakersOf,
  knownAnswer,
  removeBucket,
  writeAclLogs,
  writeAclScenario,
} from "@/scripts/lab/acl-scenario";
import { createSharedBucket } from "@/scripts/lab/generate";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";

let lab: Lab;
let db: Db;
let n = 0;
const made: string[] = [];

beforeAll(() => {
  lab = loadLab();
  db = openDb(":memory:");
});

// A copy of the scenario per test (they change it); removed after, so the lab's bucket list stays short.
afterAll(async () => {
  for (const bucket of made) await removeBucket(lab, bucket);
});

async function scenario(withLogs: boolean, write = writeAclScenario) {
  const bucket = `acl-mig-${process.pid}-${Date.now()}-${n++}`;
  await write(lab, bucket);
  made.push(bucket);
  if (withLogs) {
    await writeAclLogs(lab, `${bucket}-logs`, bucket);
    made.push(`${bucket}-logs`);
  }
  const ctx: MigrationContext = {
    db,
    connectionId: null,
    bucket,
    read: lab.target(lab.roles.audit.profile),
    // The bucket owner's writer role, as the lab connection names it: it writes the settings and reads the logs.
    owner: lab.target(lab.roles.owner.profile),
    logs: lab.target(lab.roles.owner.profile),
    names: {},
    principals: {
      [lab.writer.canonicalId]: lab.writer.arn,
      [lab.thirdParty.canonicalId]: lab.thirdParty.arn,
    },
    actor: "tester",
  };
  const { scanId } = prepareScan(db, {
    connectionId: null,
    target: ctx.read,
    bucket,
    prefix: "",
    mode: "full",
    versions: false,
    concurrency: 4,
  });
  await runScan(db, scanId);
  return { bucket, ctx, scan: getScan(db, scanId)! };
}

const readable = async (client: S3Client, bucket: string, keys: string[]) => {
  const can: string[] = [];
  for (const key of keys) {
    try {
      await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      can.push(key);
    } catch (error) {
      expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(403);
    }
  }
  return can.sort();
};

describe("disabling ACLs on the lab", () => {
  it("plans exactly the scenario's known blockers and breakers, from the scan, the bucket and its logs", async () => {
    const { bucket, ctx, scan } = await scenario(true);
    const evidence = await gatherEvidence(ctx, {
      accessLogs: `s3://${bucket}-logs/${ACCESS_LOGS}`,
      cloudTrail: `s3://${bucket}-logs/${CLOUDTRAIL}`,
      since: null,
    });
    expect(evidence.sources).toMatchObject({ files: 2, accessLogLines: 9, cloudTrailRecords: 3 });
    const plan = await planMigration(ctx, scan, { includePublic: false });
    const answer = knownAnswer(lab, true);
    expect(breakersOf(plan.readiness.items)).toEqual(answer.breakers);
    expect(plan.readiness.ready).toBe(false);
    expect(plan.translation?.publicLeftOut).toEqual([
      { grantee: "AllUsers", permission: "READ", objects: 1 },
    ]);
  });

  it("proves the translated policy: after the bucket owner owns everything and the grants are gone, the third account reads exactly what it read before", async () => {
    const { bucket, ctx, scan } = await scenario(false);
    const answer = knownAnswer(lab, false);
    const before = await readable(lab.c, bucket, answer.keys);
    expect(before).toEqual(answer.readableByC);

    const m = await takeSnapshot(ctx, scan, { includePublic: true });
    expect((await runCutoverStep(ctx, m, "policy", async () => "")).state).toBe("done");
    expect((await runCutoverStep(ctx, getMigration(db, m.id)!, "bucket-acl", async () => "")).state).toBe(
      "done",
    );
    const enforce = await runCutoverStep(ctx, getMigration(db, m.id)!, "enforce", async () => "");
    expect(enforce).toMatchObject({ state: "stopped", message: OWNERSHIP_UNSUPPORTED });

    // What BucketOwnerEnforced would do, done by hand: A lets B read its objects, B copies each onto itself (B owns
    // it, the copy's ACL is B's alone), and B's own objects lose their grants.
    for (const key of answer.keys) {
      const acl = await lab.b.send(new GetObjectAclCommand({ Bucket: bucket, Key: key })).catch(() => null);
      if (acl?.Owner?.ID === lab.bucketOwner.canonicalId) {
        await lab.b.send(new PutObjectAclCommand({ Bucket: bucket, Key: key, ACL: "private" }));
        continue;
      }
      await lab.a.send(
        new PutObjectAclCommand({ Bucket: bucket, Key: key, ACL: "bucket-owner-full-control" }),
      );
      await lab.b.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: key,
          CopySource: `${bucket}/${encodeURIComponent(key)}`,
          MetadataDirective: "REPLACE",
        }),
      );
      const owned = await lab.b.send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
      expect(owned.Owner?.ID).toBe(lab.bucketOwner.canonicalId);
      expect(owned.Grants).toHaveLength(1);
    }
    expect(await readable(lab.c, bucket, answer.keys)).toEqual(before);
  });

  it("rolls back the policy and bucket ACL byte for byte, and audits every step", async () => {
    const { bucket, ctx, scan } = await scenario(false);
    const policyBefore = (await lab.b.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
    const aclBefore = (await lab.b.send(new GetBucketAclCommand({ Bucket: bucket }))).Grants;
    const m = await takeSnapshot(ctx, scan, { includePublic: false });
    await runCutoverStep(ctx, m, "policy", async () => "");
    await runCutoverStep(ctx, getMigration(db, m.id)!, "bucket-acl", async () => "");
    expect((await lab.b.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy).not.toBe(policyBefore);

    const steps = await runRollback(ctx, getMigration(db, m.id)!);
    expect(steps.map((s) => `${s.step} ${s.state}`)).toEqual([
      "restore-ownership skipped",
      "restore-bucket-acl done",
      "restore-policy done",
    ]);
    expect((await lab.b.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy).toBe(policyBefore);
    expect((await lab.b.send(new GetBucketAclCommand({ Bucket: bucket }))).Grants).toEqual(aclBefore);
    expect(listAudit(db, { bucket, limit: 100 }).map((e) => `${e.action} ${e.result}`)).toEqual(
      expect.arrayContaining([
        "acl-migration:snapshot done",
        "acl-migration:policy done",
        "acl-migration:bucket-acl done",
        "acl-migration:restore-policy done",
        "acl-migration:restore-bucket-acl done",
      ]),
    );
  });

  it("stops, writing nothing, when the policy changed since the snapshot", async () => {
    const { bucket, ctx, scan } = await scenario(false);
    const m = await takeSnapshot(ctx, scan, { includePublic: false });
    const changed = JSON.stringify({ Version: "2012-10-17", Statement: [] });
    await lab.b.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: changed }));
    const state = await runCutoverStep(ctx, m, "policy", async () => "");
    expect(state.state).toBe("stopped");
    expect((await lab.b.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy).toBe(changed);
  });

  it("plans, applies and rolls back on a bucket whose granted keys start with emoji (no cover ends inside one)", async () => {
    const granted = ["launch/\u{1F680} plan.json", "launch/\u{1F692} drill.json"];
    // Beside a key not granted in the same folder: the shortest exact cover ends right after "launch/".
    const notGranted = "launch/readme.txt";
    const { bucket, ctx, scan } = await scenario(false, async (lab, bucket) => {
      await createSharedBucket(lab, bucket);
      for (const key of granted)
        await lab.b.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: key,
            GrantRead: `id=${lab.thirdParty.canonicalId}`,
            GrantFullControl: `id=${lab.bucketOwner.canonicalId}`,
          }),
        );
      await lab.b.send(new PutObjectCommand({ Bucket: bucket, Key: notGranted, Body: "mine" }));
    });
    const plan = await planMigration(ctx, scan, { includePublic: false });
    expect(plan.translation?.after).not.toMatch(/\\ud83d/i);
    const m = await takeSnapshot(ctx, scan, { includePublic: false });
    expect((await runCutoverStep(ctx, m, "policy", async () => "")).state).toBe("done");
    const policy = JSON.parse((await lab.b.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy!) as {
      Statement: { Resource: string | string[] }[];
    };
    const resources = policy.Statement.flatMap((st) => st.Resource);
    for (const key of granted) expect(resources).toContain(`arn:aws:s3:::${bucket}/${key}`);
    const steps = await runRollback(ctx, getMigration(db, m.id)!);
    expect(steps.map((s) => `${s.step} ${s.state}`)).toContain("restore-policy done");
  });
});
