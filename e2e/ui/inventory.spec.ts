import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { MAIN_BUCKET, artifactsDir, seedManifest } from "../fixtures";

test("a scan read from an S3 Inventory report shows the same statuses as the seeded truth, dated by the report", async ({
  page,
}) => {
  const truth = seedManifest().objects.filter((o) => o.bucket === MAIN_BUCKET);
  const count = (s: string) => truth.filter((o) => o.status === s).length;
  await page.goto(`/connections/lab/buckets/${MAIN_BUCKET}`);
  await page.getByLabel("Mode").selectOption("inventory");
  // The lab's bucket has no inventory configuration naming a destination: nothing is read until an admin allows one.
  await page.getByLabel("Report location").fill("s3://inventory-reports/e2e/");
  await page.getByRole("button", { name: "Read report" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "is not a location this connection reads reports from" }),
  ).toBeVisible();
  await page.goto("/connections/lab/settings");
  const allow = page.getByRole("form", { name: "Inventory report location" });
  await allow.getByLabel("Allowed report location").fill("s3://inventory-reports");
  await allow.getByRole("button", { name: "Allow location" }).click();
  await expect(page.getByTestId("inventory-location")).toHaveText(/s3:\/\/inventory-reports\/\s*Remove/);

  await page.goto(`/connections/lab/buckets/${MAIN_BUCKET}`);
  await page.getByLabel("Mode").selectOption("inventory");
  // A location with no report is refused with a sentence, and nothing starts.
  await page.getByLabel("Report location").fill("s3://inventory-reports/no-such-report/");
  await page.getByRole("button", { name: "Read report" }).click();
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: "No inventory manifest.json under s3://inventory-reports/no-such-report/" }),
  ).toBeVisible();

  await page.getByLabel("Report location").fill("s3://inventory-reports/e2e/");
  await page.getByRole("button", { name: "Read report" }).click();
  await expect(page).toHaveURL(/scan=\d+/);
  await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
  await expect(page.getByTestId("scan-source")).toContainText("inventory report of");
  for (const s of ["owned", "foreign-full-control", "foreign-readable", "foreign-locked"])
    await expect(page.getByTestId(`count-${s}`)).toContainText(`: ${count(s)}`);
  await expect(page.locator('[data-testid="finding-row"][data-key="from-user-a/README.md"]')).toHaveAttribute(
    "data-status",
    "foreign-locked",
  );
  await page.screenshot({ path: path.join(artifactsDir, "inventory-scan.png"), fullPage: true });
});

test("the inventory panel checks the bucket's configurations and writes the one to apply", async ({
  page,
}) => {
  await page.goto(`/connections/lab/buckets/${MAIN_BUCKET}`);
  await page.getByRole("tab", { name: "S3 Inventory" }).click();
  await expect(page).toHaveURL(/tab=inventory/);
  await expect(page.getByText("S3 Inventory: audit from daily reports")).toBeVisible();
  // The lab's gateway has no configuration on the bucket: the panel says so and offers one.
  await expect(page.getByTestId("inventory-status")).toContainText(
    "No inventory configuration on this bucket yet",
  );
  await page.getByLabel("Destination bucket").fill("central-reports");
  await page.getByLabel("Destination account ID (if another)").fill("444455556666");
  const config = page.locator("pre").filter({ hasText: '"OptionalFields": [' });
  await expect(config).toContainText('"ObjectAccessControlList"');
  await expect(config).toContainText('"AccountId": "444455556666"');
  await expect(page.locator("pre").filter({ hasText: "put-bucket-inventory-configuration" })).toContainText(
    `--bucket ${MAIN_BUCKET} --id ownerscope-ownership`,
  );
  await expect(page.getByTestId("inventory-scan-from")).toHaveText(
    `s3://central-reports/inventory/${MAIN_BUCKET}/ownerscope-ownership/`,
  );
});

test("a Batch Operations hand-off for one foreign account: jobs, commands, and a manifest of exactly its keys", async ({
  page,
}) => {
  const manifest = seedManifest();
  const theirs = manifest.objects.filter(
    (o) => o.bucket === MAIN_BUCKET && o.ownerId === manifest.writer.canonicalId,
  );
  await page.goto(`/connections/lab/buckets/${MAIN_BUCKET}`);
  await page.getByRole("button", { name: "Scan bucket" }).click();
  await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
  await page.getByRole("tab", { name: "Batch Operations hand-off" }).click();
  const form = page.getByRole("form", { name: "Batch Operations hand-off" });
  await form.getByLabel("Foreign account").selectOption(manifest.writer.canonicalId);
  await form.getByLabel("Its account ID (12 digits)").fill("111122223333");
  await form.getByLabel("Its bucket for manifests and reports").fill("e2e-no-such-work-bucket");
  await form.getByRole("button", { name: "Prepare hand-off" }).click();
  const job = page.locator('[data-testid="handoff-job"][data-job="grant"]');
  await expect(job).toContainText(`${theirs.length} objects`);
  await expect(page.locator("pre").filter({ hasText: "aws s3control create-job" })).toContainText(
    "--account-id '111122223333'",
  );
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    job.getByRole("link", { name: "Download manifest" }).click(),
  ]);
  const lines = fs
    .readFileSync((await download.path())!, "utf8")
    .trim()
    .split("\n");
  const keys = lines.map((l) => {
    const [bucket, key] = l.split(",");
    expect(bucket).toBe(MAIN_BUCKET);
    return decodeURIComponent(key!.replace(/\+/g, " "));
  });
  expect(keys.sort()).toEqual(theirs.map((o) => o.key).sort());
  await page.screenshot({ path: path.join(artifactsDir, "batch-handoff.png"), fullPage: true });

  // Submitting goes through account A's fixer; that work bucket does not exist, and the failure says so.
  await page.getByRole("button", { name: "Submit the jobs with the account's fixer" }).click();
  await expect(
    page.getByRole("alert").filter({
      hasText:
        "Could not upload the manifest to s3://e2e-no-such-work-bucket/ownerscope/account-b-no-bucket/grant-manifest.csv",
    }),
  ).toBeVisible();
});
