// Integration: a fix never leaves a bucket worse than it found it. Each test reproduces one way an earlier version
// did (a newer version overwritten, a third party's grant dropped, an object made foreign again after it was fixed,
// a retry without a guard, two jobs on one bucket), on the lab, and checks what S3 holds afterwards.
import {
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { ALL_USERS } from "@/lib/audit/types";
import { openDb, type Db } from "@/lib/db";
import { listAudit } from "@/lib/db/audit-log";
import { resetFailedItems } from "@/lib/db/fix-items";
import { fixJobsHere } from "@/lib/jobs/fix-lock";
import { fixJobClient } from "@/lib/jobs/fix-runner";
import { planFixJob, runJob, scanned } from "@/scripts/lab/fix-harness";
import { createSharedBucket } from "@/scripts/lab/generate";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";
import { watchRequests } from "@/scripts/lab/watch-requests";

let lab: Lab;
let db: Db;
let n = 0;

beforeAll(() => {
  lab = loadLab();
  db = openDb(":memory:");
});

async function bucketOf(versioned = false) {
  const bucket = `integrity-${process.pid}-${Date.now()}-${n++}`;
  await createSharedBucket(lab, bucket);
  if (versioned)
    await lab.b.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }),
    );
  return bucket;
}

const put = (client: S3Client, input: PutObjectCommandInput) => client.send(new PutObjectCommand(input));
const id = (canonicalId: string) => `id="${canonicalId}"`;

async function bytesOf(bucket: string, key: string) {
  const got = await lab.b.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return got.Body!.transformToString();
}

/** The owner and every grant, as "GRANTEE PERMISSION", sorted. */
async function aclOf(client: S3Client, bucket: string, key: string) {
  const acl = await client.send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
  return {
    owner: acl.Owner?.ID,
    grants: (acl.Grants ?? []).map((g) => `${g.Grantee?.ID ?? g.Grantee?.URI} ${g.Permission}`).sort(),
  };
}

describe("current means current", () => {
  it.each([
    // The newer version is the bucket owner's: the key is fixed already, as the owner re-check finds.
    ["the bucket owner", () => lab.b, "skipped", "already fixed: the bucket owner owns it now"],
    // The newer version is A's again: the ETag and version guards find it.
    [
      "account A",
      () => lab.a,
      "changed-since-scan",
      "the object changed since it was planned (ETag differs)",
    ],
  ] as const)(
    "a newer version written by %s after the scan is never overwritten by the scanned one",
    async (_who, writer, state, reason) => {
      const bucket = await bucketOf(true);
      await put(lab.a, { Bucket: bucket, Key: "k", Body: "A's old bytes", ACL: "bucket-owner-read" });
      const scan = await scanned(lab, db, bucket, true);
      await put(writer(), { Bucket: bucket, Key: "k", Body: "newer bytes", ACL: "bucket-owner-read" });
      const { items } = await runJob(db, planFixJob(lab, db, bucket, scan.id));
      const item = items.get("k")!;
      expect([item.strategy, item.state, item.reason]).toEqual(["take-ownership", state, reason]);
      expect(await bytesOf(bucket, "k")).toBe("newer bytes");
    },
  );

  it("a fix of a versioned key's current object is verified on the version it made, and reported fixed", async () => {
    const bucket = await bucketOf(true);
    await put(lab.a, { Bucket: bucket, Key: "k", Body: "A's bytes", ACL: "bucket-owner-read" });
    const scan = await scanned(lab, db, bucket, true);
    const { job, items } = await runJob(db, planFixJob(lab, db, bucket, scan.id));
    expect(job.status).toBe("completed");
    expect([items.get("k")!.state, items.get("k")!.reason]).toEqual(["fixed", null]);
    expect((await aclOf(lab.b, bucket, "k")).owner).toBe(lab.bucketOwner.canonicalId);
    expect(await bytesOf(bucket, "k")).toBe("A's bytes");
  });
});

describe("no grant disappears unannounced", () => {
  it("a third party's grant is restated by take-ownership, planned, verified and audited", async () => {
    const bucket = await bucketOf();
    await put(lab.a, {
      Bucket: bucket,
      Key: "g",
      Body: "shared with C",
      GrantFullControl: `${id(lab.writer.canonicalId)}, ${id(lab.bucketOwner.canonicalId)}`,
      GrantRead: id(lab.thirdParty.canonicalId),
    });
    const scan = await scanned(lab, db, bucket);
    const jobId = planFixJob(lab, db, bucket, scan.id);
    const { items } = await runJob(db, jobId);
    expect([items.get("g")!.strategy, items.get("g")!.state]).toEqual(["take-ownership", "fixed"]);
    expect(await aclOf(lab.b, bucket, "g")).toEqual({
      owner: lab.bucketOwner.canonicalId,
      grants: [`${lab.bucketOwner.canonicalId} FULL_CONTROL`, `${lab.thirdParty.canonicalId} READ`].sort(),
    });
    const read = await lab.c.send(new GetObjectCommand({ Bucket: bucket, Key: "g" }));
    expect(await read.Body!.transformToString()).toBe("shared with C");
    const [entry] = listAudit(db, { jobId, limit: 10 });
    const third = { grantee: lab.thirdParty.canonicalId, granteeType: "CanonicalUser", permission: "READ" };
    expect(entry!.grantsBefore).toContainEqual(third);
    expect(entry!.grantsAfter).toContainEqual(third);
  });

  it("a locked object's third-party grant survives reput then take-ownership", async () => {
    const bucket = await bucketOf();
    await put(lab.a, {
      Bucket: bucket,
      Key: "locked",
      Body: "locked",
      GrantFullControl: id(lab.writer.canonicalId),
      GrantRead: id(lab.thirdParty.canonicalId),
    });
    const scan = await scanned(lab, db, bucket);
    const { items } = await runJob(db, planFixJob(lab, db, bucket, scan.id));
    const item = items.get("locked")!;
    expect([item.strategy, item.thenStrategy, item.state, item.reason]).toEqual([
      "reput",
      "take-ownership",
      "fixed",
      null,
    ]);
    expect((await aclOf(lab.b, bucket, "locked")).grants).toContain(`${lab.thirdParty.canonicalId} READ`);
  });

  it("grant restates the third party's grant too", async () => {
    const bucket = await bucketOf();
    await put(lab.a, {
      Bucket: bucket,
      Key: "locked",
      Body: "locked",
      GrantFullControl: id(lab.writer.canonicalId),
      GrantReadACP: id(lab.thirdParty.canonicalId),
    });
    const scan = await scanned(lab, db, bucket);
    const { items } = await runJob(db, planFixJob(lab, db, bucket, scan.id, { requested: "grant" }));
    expect(items.get("locked")!.state).toBe("fixed");
    expect((await aclOf(lab.a, bucket, "locked")).grants).toEqual(
      [
        `${lab.writer.canonicalId} FULL_CONTROL`,
        `${lab.bucketOwner.canonicalId} FULL_CONTROL`,
        `${lab.thirdParty.canonicalId} READ_ACP`,
      ].sort(),
    );
  });

  it("a public grant is dropped as planned, or kept when the plan chooses to", async () => {
    const bucket = await bucketOf();
    for (const Key of ["dropped", "kept"])
      await put(lab.a, {
        Bucket: bucket,
        Key,
        Body: Key,
        GrantFullControl: `${id(lab.writer.canonicalId)}, ${id(lab.bucketOwner.canonicalId)}`,
        GrantRead: `uri="${ALL_USERS}"`,
      });
    const scan = await scanned(lab, db, bucket);
    await runJob(db, planFixJob(lab, db, bucket, scan.id, { keys: ["dropped"] }));
    await runJob(db, planFixJob(lab, db, bucket, scan.id, { keys: ["kept"], keepPublicGrants: true }));
    expect((await aclOf(lab.b, bucket, "dropped")).grants).toEqual([
      `${lab.bucketOwner.canonicalId} FULL_CONTROL`,
    ]);
    expect((await aclOf(lab.b, bucket, "kept")).grants).toContain(`${ALL_USERS} READ`);
  });
});

describe("the owner is re-checked before every write", () => {
  it("an object the bucket owner re-uploaded (same bytes, same ETag) is left alone as already fixed", async () => {
    const bucket = await bucketOf();
    await put(lab.a, { Bucket: bucket, Key: "k", Body: "same bytes" });
    const scan = await scanned(lab, db, bucket);
    await put(lab.b, { Bucket: bucket, Key: "k", Body: "same bytes" });
    const { items } = await runJob(db, planFixJob(lab, db, bucket, scan.id, { requested: "reput" }));
    expect([items.get("k")!.state, items.get("k")!.reason]).toEqual([
      "skipped",
      "already fixed: the bucket owner owns it now",
    ]);
    expect((await aclOf(lab.b, bucket, "k")).owner).toBe(lab.bucketOwner.canonicalId);
  });
});

describe("a retry", () => {
  it("plans a changed object again from a fresh read, and guards the write with it", async () => {
    const bucket = await bucketOf();
    await put(lab.a, { Bucket: bucket, Key: "k", Body: "v1" });
    const scan = await scanned(lab, db, bucket);
    const jobId = planFixJob(lab, db, bucket, scan.id, { requested: "reput", owner: false });
    await put(lab.a, { Bucket: bucket, Key: "k", Body: "v2" });
    expect((await runJob(db, jobId)).items.get("k")!.state).toBe("changed-since-scan");

    // The retry reads v2 afresh; account A writes v3 right after that read, before the write: refused again.
    expect(resetFailedItems(db, jobId)).toBe(1);
    let rewritten = false;
    const stop = watchRequests(
      [fixJobClient(lab.target(lab.roles.audit.profile), 4)],
      async (command, input) => {
        if (command !== "ListObjectsV2Command" || input.Prefix !== "k" || rewritten) return;
        rewritten = true;
        await put(lab.a, { Bucket: bucket, Key: "k", Body: "v3" });
      },
    );
    try {
      expect((await runJob(db, jobId)).items.get("k")!.state).toBe("changed-since-scan");
    } finally {
      stop();
    }
    expect(rewritten).toBe(true);
    expect(
      await lab.a
        .send(new GetObjectCommand({ Bucket: bucket, Key: "k" }))
        .then((o) => o.Body!.transformToString()),
    ).toBe("v3");

    // Retried again with nothing in the way: fixed, guarded by the ETag it read (never by none).
    resetFailedItems(db, jobId);
    const { items } = await runJob(db, jobId);
    expect(items.get("k")!.state).toBe("fixed");
    const v3 = await lab.a.send(new HeadObjectCommand({ Bucket: bucket, Key: "k" }));
    expect(items.get("k")!.plannedEtag).toBe(v3.ETag);
    expect((await aclOf(lab.a, bucket, "k")).grants).toContain(`${lab.bucketOwner.canonicalId} FULL_CONTROL`);
  });
});

describe("a retry after the copy landed but the tags were not put back", () => {
  it("puts back the tags the copy dropped, from what it saved before the copy", async () => {
    const bucket = await bucketOf();
    await put(lab.a, { Bucket: bucket, Key: "k", Body: "tagged", Tagging: "team=red&tier=static" });
    const scan = await scanned(lab, db, bucket);
    const jobId = planFixJob(lab, db, bucket, scan.id, { requested: "reput", owner: false });
    // The fixer's PutObjectTagging fails once, after its copy (which dropped the tags on this endpoint) landed.
    const fixer = fixJobClient(lab.target(lab.roles.fix.profile), 4);
    let failures = 0;
    fixer.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "PutObjectTaggingCommand" && failures++ === 0)
          throw Object.assign(new Error("injected: the tag write did not arrive"), {
            $metadata: { httpStatusCode: 400 },
          });
        return next(args);
      },
      { step: "initialize", name: "failTagsOnce" },
    );
    try {
      expect((await runJob(db, jobId)).items.get("k")!.state).toBe("failed");
      resetFailedItems(db, jobId);
      const { items } = await runJob(db, jobId);
      expect([items.get("k")!.state, items.get("k")!.reason]).toEqual(["fixed", null]);
    } finally {
      fixer.middlewareStack.remove("failTagsOnce");
    }
    const tags = await lab.a.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "k" }));
    expect(Object.fromEntries((tags.TagSet ?? []).map((t) => [t.Key, t.Value]))).toEqual({
      team: "red",
      tier: "static",
    });
  });
});

describe("one job per bucket", () => {
  it("a second job on a bucket with a running one is refused, naming it", async () => {
    const bucket = await bucketOf();
    await put(lab.a, { Bucket: bucket, Key: "k", Body: "x" });
    const scan = await scanned(lab, db, bucket);
    const first = planFixJob(lab, db, bucket, scan.id);
    expect(() => planFixJob(lab, db, bucket, scan.id)).toThrow(
      new RegExp(`Fix job ${first} .* is running on bucket ${bucket}`),
    );
    await runJob(db, first);
    // Once it ended, the bucket is free again.
    expect(planFixJob(lab, db, bucket, scan.id)).toBeGreaterThan(first);
  });

  it("a job left running by a process that is gone does not hold its bucket, and can be cancelled", async () => {
    const bucket = await bucketOf();
    await put(lab.a, { Bucket: bucket, Key: "k", Body: "x" });
    const scan = await scanned(lab, db, bucket);
    const stale = planFixJob(lab, db, bucket, scan.id);
    // As after a restart that gave the new server the old one's pid: the job is marked with this pid, but not run.
    fixJobsHere.delete(stale);
    const next = planFixJob(lab, db, bucket, scan.id);
    expect(next).toBeGreaterThan(stale);
    expect((await runJob(db, next)).job.status).toBe("completed");
  });
});
