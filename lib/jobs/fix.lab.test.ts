// Integration: fix-ups on the lab. Every kind of seeded object is fixed and then compared, attribute by attribute
// and byte by byte, with what it was; a concurrent writer is never overwritten.
import { createHash } from "node:crypto";
import {
  CopyObjectCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { listAudit } from "@/lib/db/audit-log";
import { iterateFindings } from "@/lib/db/findings";
import { fixJobClient } from "@/lib/jobs/fix-runner";
import { planFixJob, runJob, scanned as scanHarness, type FixOptions } from "@/scripts/lab/fix-harness";
import { createSharedBucket } from "@/scripts/lab/generate";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";
import type { ManifestObject } from "@/scripts/lab/manifest";
import { mainSpecs, writeScenarioObjects } from "@/scripts/lab/scenario";
import { watchRequests } from "@/scripts/lab/watch-requests";

let lab: Lab;
let db: Db;
let n = 0;

beforeAll(() => {
  lab = loadLab();
  db = openDb(":memory:");
});

const sha = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");
const bodyOf = (key: string) => {
  const spec = mainSpecs.find((s) => s.key === key)!;
  return spec.body ?? spec.key;
};

async function freshScenario() {
  const bucket = `fix-${process.pid}-${Date.now()}-${n++}`;
  await createSharedBucket(lab, bucket);
  const objects = await writeScenarioObjects(lab, bucket);
  return { bucket, objects };
}

const scanned = (bucket: string, versions = false) => scanHarness(lab, db, bucket, versions);

/** Plans a fix of the scan's foreign objects, lets `before` interfere, then runs it (content verified by default). */
async function fix(
  bucket: string,
  scanId: number,
  opts: FixOptions & { copyLimitBytes?: number; before?: () => Promise<void>; verifyContent?: boolean } = {},
) {
  const jobId = planFixJob(lab, db, bucket, scanId, opts);
  await opts.before?.();
  const { job, items } = await runJob(db, jobId, {
    copyLimitBytes: opts.copyLimitBytes,
    verifyContent: opts.verifyContent ?? true,
  });
  return { job, items };
}

/** Everything a fix must keep, read back by `client`, compared with the seed's record of the object. */
async function expectIntact(client: S3Client, o: ManifestObject) {
  const where = { Bucket: o.bucket, Key: o.key };
  const head = await client.send(new HeadObjectCommand(where));
  expect(
    {
      size: head.ContentLength,
      contentType: head.ContentType ?? null,
      cacheControl: head.CacheControl ?? null,
      contentDisposition: head.ContentDisposition ?? null,
      contentEncoding: head.ContentEncoding ?? null,
      contentLanguage: head.ContentLanguage ?? null,
      expires: head.Expires?.toISOString() ?? null,
      metadata: head.Metadata ?? {},
      storageClass: head.StorageClass ?? "STANDARD",
    },
    o.key,
  ).toEqual({
    size: o.size,
    contentType: o.contentType ?? head.ContentType ?? null,
    cacheControl: o.cacheControl,
    contentDisposition: o.contentDisposition,
    contentEncoding: o.contentEncoding,
    contentLanguage: o.contentLanguage,
    expires: o.expires,
    metadata: o.metadata,
    storageClass: o.storageClass,
  });
  if (!o.contentType) expect(head.ContentType, `${o.key}: Content-Type kept`).not.toBe("binary/octet-stream");
  const tags = await client.send(new GetObjectTaggingCommand(where));
  expect(Object.fromEntries((tags.TagSet ?? []).map((t) => [t.Key, t.Value])), `${o.key}: tags`).toEqual(
    o.tags,
  );
  const body = await (await client.send(new GetObjectCommand(where))).Body!.transformToByteArray();
  expect(sha(body), `${o.key}: bytes`).toBe(sha(bodyOf(o.key)));
}

async function ownerAndAccess(client: S3Client, bucket: string, key: string, versionId?: string) {
  const acl = await client.send(new GetObjectAclCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
  const forB = (acl.Grants ?? [])
    .filter((g) => g.Grantee?.ID === lab.bucketOwner.canonicalId)
    .map((g) => g.Permission);
  return {
    owner: acl.Owner?.ID,
    bucketOwner: forB.includes("FULL_CONTROL") ? "full-control" : forB.join(",") || "none",
  };
}

describe("the default strategies", () => {
  it.each([
    ["the lab's fixer and owner roles, CopyObject", {}],
    // Lowered so the 11 MiB object goes through CreateMultipartUpload + UploadPartCopy, as objects over 5 GB do.
    // As users: RGW 16 denies UploadPartCopy to every role session, whatever its policy (measured).
    ["the accounts' own users, multipart UploadPartCopy", { copyLimitBytes: 5 * 1024 * 1024, user: true }],
  ] as const)(
    "leave every foreign object owned by the bucket owner, byte- and metadata-identical (%s)",
    async (_name, how) => {
      const { bucket, objects } = await freshScenario();
      const scan = await scanned(bucket);
      const asUsers =
        "user" in how ? { fixer: lab.writer.profile, ownerProfile: lab.bucketOwner.profile } : {};
      const { job, items } = await fix(bucket, scan.id, {
        ...asUsers,
        copyLimitBytes: "copyLimitBytes" in how ? how.copyLimitBytes : undefined,
      });
      expect(job.status).toBe("completed");
      const foreign = objects.filter((o) => o.ownerId !== lab.bucketOwner.canonicalId);
      for (const o of foreign) {
        const item = items.get(o.key)!;
        expect([item.state, item.reason], o.key).toEqual(["fixed", null]);
        expect(item.strategy, o.key).toBe(o.status === "foreign-locked" ? "reput" : "take-ownership");
        expect(item.ownerAfter, o.key).toBe(lab.bucketOwner.canonicalId);
        expect(await ownerAndAccess(lab.b, bucket, o.key), o.key).toEqual({
          owner: lab.bucketOwner.canonicalId,
          bucketOwner: "full-control",
        });
        await expectIntact(lab.b, o);
      }
      for (const o of objects.filter((x) => x.ownerId === lab.bucketOwner.canonicalId))
        await expectIntact(lab.b, o);
      const audit = listAudit(db, { jobId: job.id, limit: 1000 });
      expect(audit.filter((a) => a.result === "fixed").length).toBe(
        foreign.length + foreign.filter((o) => o.status === "foreign-locked").length,
      );
      // A locked key's two steps read as one story: the take-over starts where the re-put left it.
      const locked = foreign.find((o) => o.status === "foreign-locked")!;
      const steps = audit
        .filter((a) => a.key === locked.key)
        .reverse()
        .map((a) => [a.action, a.ownerBefore, a.accessBefore, a.ownerAfter, a.accessAfter]);
      expect(steps).toEqual([
        ["reput", lab.writer.canonicalId, "none", lab.writer.canonicalId, "full-control"],
        [
          "take-ownership",
          lab.writer.canonicalId,
          "full-control",
          lab.bucketOwner.canonicalId,
          "full-control",
        ],
      ]);
    },
  );

  it("reput alone keeps account A the owner and gives B full control, with nothing lost", async () => {
    const { bucket, objects } = await freshScenario();
    const scan = await scanned(bucket);
    const { job, items } = await fix(bucket, scan.id, { requested: "reput", owner: false });
    expect(job.status).toBe("completed");
    for (const o of objects.filter((x) => x.ownerId !== lab.bucketOwner.canonicalId)) {
      const item = items.get(o.key)!;
      if (o.status === "foreign-full-control") {
        expect([item.state, item.reason], o.key).toEqual([
          "skipped",
          "already in reput's end state: the bucket owner has full control",
        ]);
        continue;
      }
      expect(item.state, `${o.key}: ${item.reason}`).toBe("fixed");
      expect(await ownerAndAccess(lab.a, bucket, o.key), o.key).toEqual({
        owner: lab.writer.canonicalId,
        bucketOwner: "full-control",
      });
      await expectIntact(lab.b, o);
    }
  });

  it("grant gives B full control by PutObjectAcl, without a copy", async () => {
    const { bucket, objects } = await freshScenario();
    const scan = await scanned(bucket);
    const { items } = await fix(bucket, scan.id, { requested: "grant", owner: false });
    const locked = objects.find((o) => o.key === "from-user-a/README.md")!;
    expect(items.get(locked.key)!.state).toBe("fixed");
    expect(await ownerAndAccess(lab.a, bucket, locked.key)).toEqual({
      owner: lab.writer.canonicalId,
      bucketOwner: "full-control",
    });
    const head = await lab.b.send(new HeadObjectCommand({ Bucket: bucket, Key: locked.key }));
    expect(head.ETag).toBe(locked.etag);
  });
});

describe("tags", () => {
  it("are read only where the endpoint counts some, and every one is put back after the copy", async () => {
    const bucket = `fix-tags-${process.pid}-${Date.now()}`;
    await createSharedBucket(lab, bucket);
    const tagsOf = (i: number): Record<string, string> => (i % 4 === 0 ? { team: `t${i}`, cost: "a/b" } : {});
    const keys = Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, "0")}`);
    for (const [i, Key] of keys.entries()) {
      await lab.a.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key,
          Body: Key,
          Tagging: new URLSearchParams(tagsOf(i)).toString() || undefined,
        }),
      );
    }
    const scan = await scanned(bucket);
    // The runner's own client for the fixer: count what it sends.
    const sent: string[] = [];
    const stopWatching = watchRequests([fixJobClient(lab.target(lab.roles.fix.profile), 4)], (command) => {
      sent.push(command);
    });
    try {
      const { job } = await fix(bucket, scan.id, { requested: "reput", owner: false, verifyContent: false });
      expect(job.counts.fixed).toBe(keys.length);
    } finally {
      stopWatching();
    }
    for (const [i, Key] of keys.entries()) {
      const tags = await lab.a.send(new GetObjectTaggingCommand({ Bucket: bucket, Key }));
      expect(Object.fromEntries((tags.TagSet ?? []).map((t) => [t.Key, t.Value])), Key).toEqual(tagsOf(i));
    }
    const count = (name: string) => sent.filter((c) => c === name).length;
    const tagged = keys.filter((_, i) => Object.keys(tagsOf(i)).length > 0).length;
    expect(count("CopyObjectCommand")).toBe(keys.length);
    expect(count("PutObjectTaggingCommand")).toBe(tagged);
    // RGW counts tags on HEAD: once it has, untagged objects are not asked (only the few already in flight were).
    expect(count("GetObjectTaggingCommand")).toBeGreaterThanOrEqual(tagged);
    expect(count("GetObjectTaggingCommand")).toBeLessThanOrEqual(tagged + 3);
  });
});

describe("a concurrent writer", () => {
  it("is never overwritten by a stale restatement: the object is reported changed since the scan", async () => {
    const { bucket } = await freshScenario();
    const scan = await scanned(bucket);
    const key = "from-user-a/README.md";
    const newer = `# rewritten by account A after the plan, ${Date.now()}\n`;
    const { items } = await fix(bucket, scan.id, {
      requested: "reput",
      owner: false,
      before: async () => {
        await lab.a.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: newer, ContentType: "text/plain" }),
        );
      },
    });
    expect(items.get(key)!.state).toBe("changed-since-scan");
    const now = await lab.a.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await now.Body!.transformToString()).toBe(newer);
    expect(now.ContentType).toBe("text/plain");
    expect((await ownerAndAccess(lab.a, bucket, key)).bucketOwner).toBe("none");
  });

  it("is not overwritten between the two copies of reput then take-ownership either", async () => {
    const { bucket } = await freshScenario();
    const scan = await scanned(bucket);
    const key = "from-user-a/README.md";
    const newer = `# rewritten by account A between the two copies, ${Date.now()}\n`;
    // The runner's own read client: once it has verified the first copy, account A writes the key again, before
    // the bucket owner's copy.
    let rewritten = false;
    const stopWatching = watchRequests(
      [fixJobClient(lab.target(lab.roles.audit.profile), 4)],
      async (command, input) => {
        if (command !== "GetObjectAclCommand" || input.Key !== key || rewritten) return;
        rewritten = true;
        await lab.a.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: newer, ContentType: "text/plain" }),
        );
      },
    );
    try {
      const { items } = await fix(bucket, scan.id, { verifyContent: false });
      const item = items.get(key)!;
      expect([item.strategy, item.thenStrategy, item.state]).toEqual([
        "reput",
        "take-ownership",
        "changed-since-scan",
      ]);
    } finally {
      stopWatching();
    }
    expect(rewritten).toBe(true);
    const now = await lab.a.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await now.Body!.transformToString()).toBe(newer);
    expect(now.ContentType).toBe("text/plain");
    expect((await ownerAndAccess(lab.a, bucket, key)).owner).toBe(lab.writer.canonicalId);
  });

  it("a writer with the usual grants (no listing) reports objects that moved on as they are, never failed", async () => {
    const { bucket } = await freshScenario();
    const scan = await scanned(bucket);
    const rewritten = "from-user-a/README.md";
    const takenOver = "from-user-a/read-only/report.csv";
    // Account A's own user as the fixer: the bucket's policy lets it write (PutObject, PutObjectAcl, tagging), not list.
    const { items } = await fix(bucket, scan.id, {
      fixer: lab.writer.profile,
      ownerProfile: lab.bucketOwner.profile,
      verifyContent: false,
      before: async () => {
        // The bucket owner writes one key anew, and takes the other over (it may read it) by a copy in place.
        await lab.b.send(new PutObjectCommand({ Bucket: bucket, Key: rewritten, Body: "the owner's own" }));
        await lab.b.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: takenOver,
            CopySource: `${bucket}/${takenOver}`,
            MetadataDirective: "REPLACE",
            ContentType: "text/csv",
          }),
        );
      },
    });
    expect([items.get(rewritten)!.state, items.get(rewritten)!.reason]).toEqual([
      "changed-since-scan",
      expect.stringMatching(/rewritten since it was planned/),
    ]);
    expect([items.get(takenOver)!.state, items.get(takenOver)!.reason]).toEqual([
      "skipped",
      expect.stringMatching(/^already fixed/),
    ]);
    for (const [key, item] of items) expect([key, item.state]).not.toEqual([key, "failed"]);
  });

  it("the lab honours the copy guard itself: a copy with a stale ETag gets 412", async () => {
    const { bucket, objects } = await freshScenario();
    const o = objects.find((x) => x.key === "from-user-a/README.md")!;
    const { CopyObjectCommand } = await import("@aws-sdk/client-s3");
    const stale = lab.a.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: o.key,
        CopySource: `${bucket}/${encodeURIComponent(o.key)}`,
        CopySourceIfMatch: '"00000000000000000000000000000000"',
        MetadataDirective: "REPLACE",
      }),
    );
    await expect(stale).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
  });
});

describe("versioned buckets", () => {
  it("grant reaches a foreign noncurrent version that no copy could", async () => {
    const bucket = `fix-versions-${process.pid}-${Date.now()}`;
    await createSharedBucket(lab, bucket);
    await lab.b.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }),
    );
    await lab.a.send(new PutObjectCommand({ Bucket: bucket, Key: "report.csv", Body: "A's v1" }));
    await lab.b.send(new PutObjectCommand({ Bucket: bucket, Key: "report.csv", Body: "B's v2" }));
    const scan = await scanned(bucket, true);
    const old = [...iterateFindings(db, scan.id)].find((f) => !f.isLatest)!;
    expect(old.status).toBe("foreign-locked");
    const { items } = await fix(bucket, scan.id, { owner: true, fixer: lab.writer.profile });
    const item = [...items.values()].find((i) => i.versionId === old.versionId)!;
    expect([item.strategy, item.state, item.reason]).toEqual(["grant", "fixed", null]);
    expect(await ownerAndAccess(lab.a, bucket, "report.csv", old.versionId!)).toEqual({
      owner: lab.writer.canonicalId,
      bucketOwner: "full-control",
    });
  });
});
