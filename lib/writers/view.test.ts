import { describe, expect, it } from "vitest";
import { guardrailsFor } from "@/lib/writers/guardrails";
import { writerRecord as record } from "@/lib/writers/record.test-helper";
import { writersView, type WritersContext } from "@/lib/writers/view";

const context = (o: Partial<WritersContext> = {}): WritersContext => ({
  bucket: "data",
  ownerCanonicalId: "owner-canonical",
  ownerAccountId: "111111111111",
  accounts: [{ canonicalId: "partner-canonical", principal: "222222222222", name: "partner" }],
  objectOfKey: (key) =>
    key.startsWith("locked/")
      ? { status: "foreign-locked", ownerId: "partner-canonical" }
      : key.startsWith("ok/")
        ? { status: "owned", ownerId: "owner-canonical" }
        : null,
  ...o,
});

describe("the writers view", () => {
  const records = [
    record("arn:aws:iam::111111111111:role/own-etl"),
    record("arn:aws:iam::222222222222:role/spark", {
      toolId: "hadoop-s3a",
      recentKeys: ["locked/a", "locked/b"],
    }),
    record("arn:aws:iam::333333333333:user/alice", {
      toolId: "aws-cli",
      withBofc: 2,
      aclUnseen: 0,
      sources: ["cloudtrail"],
    }),
    record("arn:aws:iam::444444444444:user/bot", { userAgent: "curl/8.5.0" }),
    record("arn:aws:iam::555555555555:role/firehose", {
      toolId: "firehose",
      session: "AWSFirehoseToS3",
      withoutBofc: 4,
      aclUnseen: 0,
      lastWithoutBofc: "2026-12-03T09:00:00.000Z",
    }),
  ];

  it("leaves out the owner's own writers and puts those writing without the ACL first", () => {
    const { writers, ownWriters } = writersView(records, context());
    expect(ownWriters).toBe(1);
    expect(writers.map((w) => [w.index, w.principal, w.verdict])).toEqual([
      [1, "arn:aws:iam::555555555555:role/firehose", "without-acl"],
      [2, "arn:aws:iam::222222222222:role/spark", "without-acl"],
      [3, "arn:aws:iam::444444444444:user/bot", "unknown"],
      [4, "arn:aws:iam::333333333333:user/alice", "with-acl"],
    ]);
    const spark = writers[1]!;
    expect([spark.lockedKeys, spark.seenKeys, spark.accountName]).toEqual([2, 2, "partner"]);
    expect(spark.fix?.example).toBe("spark.hadoop.fs.s3a.acl.default=BucketOwnerFullControl");
    expect(spark.message).toContain("s3://data/raw/");
    expect(spark.message).toContain("spark.hadoop.fs.s3a.acl.default=BucketOwnerFullControl");
    expect(writers[2]!.fix).toBeNull(); // an unknown tool: the generic header, said in the message
    expect(writers[2]!.message).toContain("x-amz-acl: bucket-owner-full-control");
    expect(spark.trend).toHaveLength(14);
    expect(spark.trend.at(-1)).toEqual({ day: "2026-12-03", writes: 2 });
  });

  it("judges a writer only by the keys the scan says it owns: a key someone else owns now says nothing of it", () => {
    const dave = record("arn:aws:iam::888888888888:user/dave", { recentKeys: ["ok/readme", "ok/top"] });
    const carol = record("arn:aws:iam::333333333333:user/carol", {
      withBofc: 1,
      aclUnseen: 0,
      recentKeys: ["locked/partners-key"], // locked, but the partner's object, not carol's
    });
    const { writers } = writersView([dave, carol], context());
    expect(writers.map((w) => [w.principal, w.verdict, w.lockedKeys, w.seenKeys])).toEqual([
      ["arn:aws:iam::888888888888:user/dave", "unknown", 0, 0],
      ["arn:aws:iam::333333333333:user/carol", "with-acl", 0, 0],
    ]);
  });

  it("keeps every writer when the owner's account is not known", () => {
    const { writers, ownWriters } = writersView(
      records,
      context({ ownerAccountId: null, ownerCanonicalId: null }),
    );
    expect([writers.length, ownWriters]).toEqual([5, 0]);
  });

  it("says what the guardrail would have refused, by the evidence", () => {
    const { writers } = writersView(records, context());
    const g = guardrailsFor({
      bucket: "data",
      ownerAccountId: "111111111111",
      currentPolicy: null,
      policyUnread: null,
      writers,
    });
    expect(g.bucketPolicy.wouldRefuse).toEqual({
      writers: [
        { index: 1, principal: "arn:aws:iam::555555555555:role/firehose" },
        { index: 2, principal: "arn:aws:iam::222222222222:role/spark" },
      ],
      writes: 4,
      unseen: 3,
    });
    expect(g.bucketPolicy.command).toMatch(/^aws s3api put-bucket-policy --bucket 'data'/);
    const unread = guardrailsFor({
      bucket: "data",
      ownerAccountId: null,
      currentPolicy: null,
      policyUnread: "AccessDenied",
      writers,
    });
    expect([unread.bucketPolicy.policy, unread.bucketPolicy.unmerged]).toEqual([
      null,
      expect.stringMatching(/AccessDenied/),
    ]);
  });
});
