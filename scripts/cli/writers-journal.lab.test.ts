// Integration: `ownerscope writers --metadata-journal` on the lab. The gateway has no S3 Metadata, so the test
// writes journal rows as Parquet files in the journal table's documented columns into a lab bucket: the writer's
// account creating the keys the scan finds locked, an AWS service creating one, a deletion, another bucket's row,
// and a file that is not Parquet at all. The command reads them through the gateway and must name exactly the two
// writers, judged by the scan, and say the bad file was passed over.
import { randomUUID } from "node:crypto";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeBucket } from "@/scripts/lab/acl-scenario";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";
import { journalFile } from "@/scripts/lab/metadata-journal";
import { scanAsOwner, tempDataDir, writersAsOwner } from "./run-cli";

const BUCKET = "account-b-no-bucket";
const JOURNAL = `writers-journal-${randomUUID().slice(0, 8)}`;
const WRITER_ACCOUNT = "222233334444";
const dataDir = tempDataDir();
let lab: Lab;

beforeAll(async () => {
  lab = loadLab();
  const { code, stderr, objects } = await scanAsOwner(lab, BUCKET, dataDir);
  expect(code, stderr).toBe(3);
  const locked = objects.filter((o) => o.status === "foreign-locked").map((o) => o.key);
  expect(locked.length).toBeGreaterThan(2);
  const time = new Date();
  const rows = [
    ...locked.map((key) => ({
      bucket: BUCKET,
      key,
      recordType: "CREATE" as const,
      time,
      requester: WRITER_ACCOUNT,
      size: 10,
    })),
    {
      bucket: BUCKET,
      key: "athena/results.csv",
      recordType: "CREATE" as const,
      time,
      requester: "athena.amazonaws.com",
    },
    { bucket: BUCKET, key: locked[0]!, recordType: "DELETE" as const, time, requester: "s3.amazonaws.com" },
    {
      bucket: "another-bucket",
      key: "k",
      recordType: "CREATE" as const,
      time,
      requester: "999988887777",
      size: 1,
    },
  ];
  await lab.b.send(new CreateBucketCommand({ Bucket: JOURNAL }));
  const put = (Key: string, Body: Buffer | string) =>
    lab.b.send(new PutObjectCommand({ Bucket: JOURNAL, Key, Body }));
  await put("data/00000-0-journal.parquet", journalFile(rows.slice(0, 2)));
  await put("data/00001-0-journal.parquet", journalFile(rows.slice(2)));
  await put("data/00002-0-broken.parquet", "PAR1 this is not a Parquet file PAR1");
  await put("metadata/v1.metadata.json", "{}");
}, 120_000);

afterAll(async () => {
  await removeBucket(lab, JOURNAL).catch(() => {});
});

describe("writers from an S3 Metadata journal", () => {
  it("names the accounts and services that created objects, judged by the scan; a bad file is passed over", async () => {
    const r = await writersAsOwner(lab, "list", BUCKET, dataDir, [
      "--metadata-journal",
      `s3://${JOURNAL}/data/`,
      "--principal",
      `${lab.bucketOwner.canonicalId}=${lab.bucketOwner.arn}`,
      "--principal",
      `${lab.writer.canonicalId}=${WRITER_ACCOUNT}`,
      "--format",
      "json",
    ]);
    expect(r.code, r.stderr).toBe(3);
    const listed = JSON.parse(r.stdout) as {
      logs: { partial: string | null; from: string | null; to: string | null };
      writers: {
        principal: string;
        tool: { id: string } | null;
        writes: number;
        verdict: string;
        sources: string[];
        lockedKeys: number;
      }[];
    };
    const fromJournal = listed.writers.filter((w) => w.sources.includes("metadata-journal"));
    expect(fromJournal.map((w) => [w.principal, w.tool?.id ?? null, w.verdict])).toEqual([
      [WRITER_ACCOUNT, null, "without-acl"],
      ["athena.amazonaws.com", "athena", "unknown"],
    ]);
    expect(fromJournal[0]!.writes).toBeGreaterThan(2);
    expect(fromJournal[0]!.lockedKeys).toBeGreaterThan(2);
    // The reading covers the journal's rows: what it says since a date rests on them.
    expect([listed.logs.from, listed.logs.to].every((t) => t !== null)).toBe(true);
    expect(listed.logs.partial).toMatch(/00002-0-broken\.parquet is not a journal table's Parquet file/);
    // Every foreign account the scan names is a writer: the journal's stands for the writer's account.
    expect(listed.writers.filter((w) => w.sources.includes("scan")).map((w) => w.principal)).not.toContain(
      lab.writer.canonicalId,
    );
  });
});
