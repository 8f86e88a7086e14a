import { describe, expect, it } from "vitest";
import { parseAccessLogLine } from "@/lib/migrate/access-log";
import { requestOfRecord } from "@/lib/migrate/cloudtrail";
import { EvidenceTally } from "@/lib/migrate/evidence";
import { WRITER_BOUNDS, WritersTally } from "@/lib/writers/tally";
import { accessLogLine, trailRecord } from "@/scripts/lab/acl-logs";

// A day of a bucket's logs in AWS's two formats, with known writers: what the tally must find, and only that.
const OWNER = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
const BUCKET = "data";
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));
const S3A =
  "Hadoop 3.3.4, aws-sdk-java/1.12.262 Linux/6.4.7 OpenJDK_64-Bit_Server_VM/25.292-b10 java/1.8.0_292 scala/2.12.17 vendor/AdoptOpenJDK cfg/retry-mode/legacy";
const SPARK = "arn:aws:sts::222222222222:assumed-role/etl-spark/i-0c406f306dc32cfb4";
const FIREHOSE = "arn:aws:sts::333333333333:assumed-role/firehose_delivery_to_S3_role/AWSFirehoseToS3";
const CLI = "aws-cli/2.15.53 md/awscrt#0.19.19 ua/2.0 os/macos#22.6.0 md/command#s3.cp";

const line = (o: Partial<Parameters<typeof accessLogLine>[0]> & { minute: number }) =>
  accessLogLine({
    bucketOwner: OWNER,
    bucket: BUCKET,
    time: at(o.minute),
    requester: SPARK,
    operation: "REST.PUT.OBJECT",
    key: `raw/2026/part-${o.minute}.parquet`,
    aclRequired: false,
    userAgent: S3A,
    objectSize: 100,
    ...o,
  });

const trail = (o: Partial<Parameters<typeof trailRecord>[0]> & { minute: number; arn: string }) =>
  trailRecord({
    time: at(o.minute),
    eventName: "PutObject",
    bucket: BUCKET,
    key: `k/${o.minute}`,
    accountId: /::(\d{12}):/.exec(o.arn)![1]!,
    aclRequired: false,
    bytesIn: 10,
    ...o,
  });

function tallied() {
  const writers = new WritersTally();
  const tally = new EvidenceTally({ bucket: BUCKET, since: null }, (r) => writers.add(r));
  const lines = [
    line({ minute: 1 }),
    line({ minute: 2 }),
    line({ minute: 3 }),
    line({ minute: 4, operation: "REST.GET.OBJECT" }), // a read
    line({ minute: 5, status: 403 }), // refused: wrote nothing
    line({ minute: 6, operation: "REST.POST.UPLOADS" }), // a multipart upload's start
    line({ minute: 7, operation: "REST.POST.UPLOAD" }), // its completion: one object, its ACL unseen
    line({ minute: 8, requester: "arn:aws:iam::555555555555:user/bot", userAgent: "curl/8.5.0" }),
    line({ minute: 9, bucket: "elsewhere" }),
  ];
  for (const l of lines) tally.add(parseAccessLogLine(l));
  const records = [
    trail({ minute: 10, arn: SPARK, userAgent: S3A }),
    trail({ minute: 11, arn: SPARK, userAgent: S3A }),
    trail({ minute: 12, arn: FIREHOSE, userAgent: "aws-internal/3 aws-sdk-java/1.12.414" }),
    trail({ minute: 13, arn: FIREHOSE, userAgent: "aws-internal/3 aws-sdk-java/1.12.414" }),
    trail({
      minute: 14,
      arn: "arn:aws:iam::444444444444:user/alice",
      userAgent: CLI,
      acl: "bucket-owner-full-control",
    }),
    trail({
      minute: 15,
      arn: "arn:aws:iam::222222222222:user/analyst",
      invokedBy: "athena.amazonaws.com",
      userAgent: "athena.amazonaws.com",
    }),
    trail({ minute: 16, arn: SPARK, eventName: "GetObject", userAgent: S3A }),
  ];
  for (const r of records) tally.add(requestOfRecord(r));
  return writers.result();
}

describe("the writers a bucket's logs name", () => {
  it("are exactly the known writers, each with its tool, its session where a service's, and what it sent", () => {
    const { writers, otherWrites } = tallied();
    expect(otherWrites).toBe(0);
    expect(
      writers.map((w) => [
        w.principal,
        w.session,
        w.toolId,
        w.writes,
        w.withoutBofc,
        w.withBofc,
        w.aclUnseen,
      ]),
    ).toEqual([
      ["arn:aws:iam::222222222222:role/etl-spark", null, "hadoop-s3a", 6, 2, 0, 4],
      [
        "arn:aws:iam::333333333333:role/firehose_delivery_to_S3_role",
        "AWSFirehoseToS3",
        "firehose",
        2,
        2,
        0,
        0,
      ],
      ["arn:aws:iam::222222222222:user/analyst", null, "athena", 1, 1, 0, 0],
      ["arn:aws:iam::444444444444:user/alice", null, "aws-cli", 1, 0, 1, 0],
      ["arn:aws:iam::555555555555:user/bot", null, null, 1, 0, 0, 1],
    ]);
  });

  it("keeps when, how much, where and with which version, and shows an unknown agent as it is", () => {
    const { writers } = tallied();
    const spark = writers[0]!;
    expect([spark.firstWrite, spark.lastWrite, spark.lastWithoutBofc]).toEqual([
      at(1).toISOString(),
      at(11).toISOString(),
      at(11).toISOString(),
    ]);
    expect(spark.bytes).toBe(4 * 100 + 2 * 10);
    expect(spark.toolVersion).toBe("3.3.4");
    expect(spark.prefixes).toEqual({ "raw/2026/": 4, "k/": 2 });
    expect(spark.days).toEqual({ "2026-12-01": 6 });
    expect(spark.sources.sort()).toEqual(["access-log", "cloudtrail"]);
    const cli = writers.find((w) => w.toolId === "aws-cli")!;
    expect([cli.toolVersion, cli.job]).toEqual(["2.15.53", "s3.cp"]);
    expect(writers.find((w) => w.toolId === null)!.userAgent).toBe("curl/8.5.0");
  });

  it("holds at most its bound of writers, counting the writes of the rest", () => {
    const writers = new WritersTally();
    for (let i = 0; i < WRITER_BOUNDS.writers + 5; i++)
      writers.add(
        parseAccessLogLine(
          line({ minute: 1, requester: `arn:aws:iam::${String(i).padStart(12, "0")}:user/u` }),
        )!,
      );
    const result = writers.result();
    expect(result.writers).toHaveLength(WRITER_BOUNDS.writers);
    expect(result.otherWrites).toBe(5);
  });

  it("keeps the heaviest writers, however late they first write", () => {
    const writers = new WritersTally();
    const user = (i: number) => `arn:aws:iam::${String(i).padStart(12, "0")}:user/u`;
    // 1,000 writers of one write each come first; then one that writes 50 times, then another 1,000.
    for (let i = 0; i < 1000; i++) writers.add(parseAccessLogLine(line({ minute: 1, requester: user(i) }))!);
    for (let n = 0; n < 50; n++)
      writers.add(parseAccessLogLine(line({ minute: 2, requester: user(5000), key: `late/${n}` }))!);
    for (let i = 1000; i < 2000; i++)
      writers.add(parseAccessLogLine(line({ minute: 3, requester: user(i) }))!);
    const result = writers.result();
    expect(result.writers).toHaveLength(WRITER_BOUNDS.writers);
    expect(result.writers[0]).toMatchObject({ principal: user(5000), writes: 50 });
    expect(result.otherWrites + result.writers.reduce((n, w) => n + w.writes, 0)).toBe(2050);
  });
});
