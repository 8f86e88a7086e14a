import { describe, expect, it } from "vitest";
import type { WriterRecord } from "@/lib/schemas/writers";
import { alertWriters, describeWriters, printable } from "@/lib/writers/alert";

const spark = {
  principal: "arn:aws:iam::222222222222:role/etl-spark",
  session: null,
  toolId: "hadoop-s3a",
  toolVersion: "3.3.4",
  userAgent: "Hadoop 3.3.4, aws-sdk-java/1.12.262",
} as WriterRecord;

describe("the writers an alert names", () => {
  it("names the logs' writers with their tool and setting, then the events' principals a session identifies", () => {
    const writers = alertWriters(["AWS:AROAEXAMPLEID:AWSFirehoseToS3", "account-a"], [spark]);
    expect(writers).toEqual([
      {
        who: "arn:aws:iam::222222222222:role/etl-spark",
        tool: "Hadoop S3A (Spark, Hive, Databricks, EMR 7.10+) 3.3.4",
        fix: "spark.hadoop.fs.s3a.acl.default=BucketOwnerFullControl",
      },
      {
        who: "AWS:AROAEXAMPLEID:AWSFirehoseToS3",
        tool: "Amazon Data Firehose",
        fix: expect.stringContaining("BucketOwnerEnforced"),
      },
      { who: "account-a", tool: null, fix: null },
    ]);
    expect(describeWriters(writers.slice(0, 1))).toBe(
      "arn:aws:iam::222222222222:role/etl-spark via Hadoop S3A (Spark, Hive, Databricks, EMR 7.10+) 3.3.4 (fix at the source: spark.hadoop.fs.s3a.acl.default=BucketOwnerFullControl)",
    );
  });

  it("names at most three, and an unknown agent as it is", () => {
    const unknown = { ...spark, toolId: null, toolVersion: null, userAgent: "curl/8.5.0" } as WriterRecord;
    expect(alertWriters(["a", "b", "c"], [unknown])).toEqual([
      { who: spark.principal, tool: "curl/8.5.0", fix: null },
      { who: "a", tool: null, fix: null },
      { who: "b", tool: null, fix: null },
    ]);
  });
});

describe("what a log said, shown", () => {
  it("cannot move the cursor, clear a line or turn text around", () => {
    expect(printable("ua\u001b[1A\u001b[2K ok\r\u202Eevil")).toBe(
      "ua\\u{001b}[1A\\u{001b}[2K ok\\u{000d}\\u{202e}evil",
    );
    expect(printable("aws-cli/2.15.53 🚀")).toBe("aws-cli/2.15.53 🚀");
  });
});
