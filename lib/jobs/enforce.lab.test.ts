// Integration: `enforce` on the lab. RGW does not implement Object Ownership (see the README's lab section), so what can be proved here is
// what an operator relies on: the blockers are checked before any request, the endpoint's refusal is said plainly and
// audited, and nothing changes.
import { ListObjectsV2Command, PutBucketAclCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzePosture } from "@/lib/audit/posture";
import { s3For } from "@/lib/aws/clients";
import { readPostureFacts } from "@/lib/aws/scan-io";
import { openDb, type Db } from "@/lib/db";
import { listAudit } from "@/lib/db/audit-log";
import { enforceBucket } from "@/lib/jobs/enforce";
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

/** A bucket of B's with three keys written by A without bucket-owner-full-control. */
async function bucketWithForeignKeys() {
  const bucket = `enforce-${process.pid}-${Date.now()}-${n++}`;
  await createSharedBucket(lab, bucket);
  for (const key of ["a.csv", "dir/b.json", "c d.txt"])
    await lab.a.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
  return bucket;
}

const owners = async (bucket: string) =>
  ((await lab.b.send(new ListObjectsV2Command({ Bucket: bucket, FetchOwner: true }))).Contents ?? []).map(
    (o) => `${o.Key}=${o.Owner?.ID}`,
  );

async function enforceWatched(bucket: string) {
  const actor = lab.target(lab.bucketOwner.profile);
  const posture = analyzePosture(await readPostureFacts(s3For(actor), bucket));
  const sent: string[] = [];
  const stop = watchRequests([s3For(actor)], (command) => void sent.push(command));
  try {
    const result = await enforceBucket(db, {
      connectionId: "lab",
      bucket,
      posture,
      actor,
      actorName: "tester",
    });
    return { result, sent };
  } finally {
    stop();
  }
}

describe("enforce on the lab", () => {
  it("sends the one request, says plainly that the endpoint does not support it, audits it, changes nothing", async () => {
    const bucket = await bucketWithForeignKeys();
    const before = await owners(bucket);
    expect(before.filter((o) => o.endsWith(`=${lab.writer.canonicalId}`))).toHaveLength(3);

    const { result, sent } = await enforceWatched(bucket);
    expect(sent).toEqual(["PutBucketOwnershipControlsCommand"]);
    expect(result).toEqual({
      result: "failed",
      reason: "the endpoint does not support Object Ownership (BucketOwnerEnforced)",
      ownerAfter: null,
      bucketOwnerAccessAfter: null,
    });
    expect(listAudit(db, { bucket, limit: 10 })).toEqual([
      expect.objectContaining({
        actor: "tester",
        action: "enforce",
        key: null,
        result: "failed",
        reason: "the endpoint does not support Object Ownership (BucketOwnerEnforced)",
      }),
    ]);
    expect(await owners(bucket)).toEqual(before);
  });

  it("a bucket ACL grant to another account blocks it before any request is sent", async () => {
    const bucket = await bucketWithForeignKeys();
    await lab.b.send(
      new PutBucketAclCommand({
        Bucket: bucket,
        GrantFullControl: `id="${lab.bucketOwner.canonicalId}"`,
        GrantRead: `id="${lab.writer.canonicalId}"`,
      }),
    );
    const { result, sent } = await enforceWatched(bucket);
    expect(sent).toEqual([]);
    expect(result.result).toBe("failed");
    expect(result.reason).toBe(
      `blocked: the bucket ACL grants access outside the account (${lab.writer.canonicalId}); move those grants to the bucket policy first`,
    );
    expect(listAudit(db, { bucket, limit: 10 })).toEqual([]);
  });
});
