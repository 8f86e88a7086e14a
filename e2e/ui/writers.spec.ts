// The writers view on the production build: a bucket account A writes into (its keys locked to the owner), its
// scan, and a day of its logs in AWS's formats (the gateway writes none) naming three foreign writers; read from the
// page, they show with their tools, what they send, the fix at each source, and the guardrail.
import { PutObjectCommand } from "@aws-sdk/client-s3";
import AxeBuilder from "@axe-core/playwright";
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { accessLogLine, trailFile, trailRecord } from "../../scripts/lab/acl-logs";
import { CONNECTION, bucketWrittenByA, labAccounts, labClient, storageStateFor } from "../fixtures";

const KEYS = ["raw/2026/part-1.parquet", "raw/2026/part-2.parquet", "raw/2026/part-3.parquet"];
const S3A = "Hadoop 3.3.4, aws-sdk-java/1.12.262 Linux/6.4.7 java/1.8.0_292 scala/2.12.17";
const FIREHOSE = "arn:aws:sts::222222222222:assumed-role/firehose_delivery_to_S3_role/AWSFirehoseToS3";
let bucket: string;
let logs: string;

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(120_000);
  // As an admin whatever the tests below use: a viewer's describe runs this again in its own worker.
  const request = await playwrightRequest.newContext({ baseURL, storageState: storageStateFor("admin") });
  const lab = labAccounts();
  bucket = await bucketWrittenByA(KEYS);
  const { scanId } = await (
    await request.post("/api/scans", { data: { connectionId: CONNECTION, bucket, mode: "full" } })
  ).json();
  await expect
    .poll(async () => (await (await request.get(`/api/scans/${scanId}`)).json()).status, { timeout: 30_000 })
    .toBe("completed");
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute));
  const access = KEYS.map((key, i) =>
    accessLogLine({
      bucketOwner: lab.bucketOwner.canonicalId,
      bucket,
      time: at(i),
      requester: lab.writer.arn,
      operation: "REST.PUT.OBJECT",
      key,
      aclRequired: false,
      userAgent: S3A,
    }),
  ).join("\n");
  const put = (minute: number, arn: string, extra: object) =>
    trailRecord({
      time: at(minute),
      eventName: "PutObject",
      bucket,
      key: `in/${minute}`,
      arn,
      accountId: /::(\d{12}):/.exec(arn)![1]!,
      aclRequired: false,
      ...extra,
    });
  const trail = trailFile([
    put(10, FIREHOSE, { userAgent: "aws-internal/3 aws-sdk-java/1.12.414" }),
    put(11, FIREHOSE, { userAgent: "aws-internal/3 aws-sdk-java/1.12.414" }),
    put(12, "arn:aws:iam::333333333333:user/alice", {
      acl: "bucket-owner-full-control",
      userAgent: "aws-cli/2.15.53 md/command#s3.cp",
    }),
  ]);
  // The seeded logs bucket (a bucket the connection knows), under a folder of this test's own.
  const folder = `writers-${bucket}`;
  logs = `account-b-logs/${folder}`;
  const b = labClient(lab.bucketOwner.profile);
  const upload = (Key: string, Body: string | Buffer) =>
    b.send(new PutObjectCommand({ Bucket: "account-b-logs", Key, Body }));
  await upload(`${folder}/access/2026-12-01-09-00-00-EXAMPLE`, `${access}\n`);
  await upload(`${folder}/trail/2026/12/01/trail.json.gz`, trail);
});

const writersUrl = () => `/connections/${CONNECTION}/buckets/${bucket}/writers`;

async function readLogs(page: Page) {
  await page.goto(writersUrl());
  await page.getByLabel("Server access logs").fill(`s3://${logs}/access/`);
  await page.getByLabel("CloudTrail").fill(`s3://${logs}/trail/`);
  await page.getByRole("button", { name: "Read logs" }).click();
  await expect(page.getByTestId("writer")).toHaveCount(3, { timeout: 30_000 });
}

test("the writers of a bucket: their tools, what they send, the fix at each source, and the guardrail", async ({
  page,
}) => {
  await readLogs(page);
  const writers = page.getByTestId("writer");
  await expect(writers.nth(0)).toContainText("AWSFirehoseToS3");
  await expect(writers.nth(0)).toHaveAttribute("data-verdict", "without-acl");
  await expect(writers.nth(1)).toContainText(labAccounts().writer.arn);
  await expect(writers.nth(1).getByTestId("writer-tool")).toContainText(
    "Hadoop S3A (Spark, Hive, Databricks, EMR 7.10+) 3.3.4",
  );
  await expect(writers.nth(1)).toContainText("3 of 3 of its keys in the scan are unreadable by the owner");
  await expect(writers.nth(2)).toHaveAttribute("data-verdict", "with-acl");
  await expect(writers.nth(2).getByTestId("writer-tool")).toContainText("AWS CLI 2.15.53");
  await writers.nth(1).getByText("The fix at the source").click();
  await expect(writers.nth(1)).toContainText("spark.hadoop.fs.s3a.acl.default=BucketOwnerFullControl");
  await expect(writers.nth(1)).toContainText("Objects written into");
  await expect(page.getByTestId("guardrail-refused")).toContainText("would have refused 2 writes");
  await expect(page.getByText(`aws s3api put-bucket-policy --bucket '${bucket}'`)).toBeVisible();
  // The page is in the bucket's pages, and a viewer reads it without the form.
  await expect(
    page.getByRole("navigation", { name: "Bucket pages" }).getByRole("link", { name: "Writers" }),
  ).toBeVisible();
});

test("a writer's team changed its setting: the page says whether it stopped since, from the scan", async ({
  page,
}) => {
  await page.goto(writersUrl());
  const spark = page.getByTestId("writer").filter({ hasText: "Hadoop S3A" });
  // Its three keys were written today, after the date, and the owner cannot read them: it did not stop.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const record = spark.getByRole("button", { name: "Record the date" });
  await spark.getByLabel("The team changed the setting on").fill(yesterday);
  await record.click();
  await expect(spark.getByTestId("writer-stopped")).toHaveAttribute("data-state", "still-writing");
  await expect(spark.getByTestId("writer-stopped")).toContainText("3 of its objects written since");
  // A date in the future is refused, and the one recorded stays.
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await spark.getByLabel("The team changed the setting on").fill(tomorrow);
  await spark.getByRole("button", { name: "Change the date" }).click();
  await expect(spark.getByRole("alert")).toContainText("future");
  await expect(spark.getByTestId("writer-stopped")).toHaveAttribute("data-state", "still-writing");
  await spark.getByRole("button", { name: "Forget it" }).click();
  await expect(spark.getByTestId("writer-stopped")).toHaveAttribute("data-state", "none");
});

test.describe("as a viewer", () => {
  test.use({ storageState: storageStateFor("viewer") });
  test("reads the writers without the form to read logs", async ({ page }) => {
    await page.goto(writersUrl());
    await expect(page.getByTestId("writer")).toHaveCount(3);
    await expect(page.getByRole("button", { name: "Read logs" })).toHaveCount(0);
  });
});

for (const size of [
  { name: "desk", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const) {
  test(`the writers view has no serious accessibility violation and no sideways scroll on a ${size.name}`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await page.goto(writersUrl());
    await expect(page.getByTestId("writer")).toHaveCount(3);
    for (const summary of await page.getByText("The fix at the source").all()) await summary.click();
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}
