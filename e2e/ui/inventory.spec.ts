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
  await page.getByText("S3 Inventory: audit from daily reports").click();
  // The lab's gateway has no configuration on the bucket: the panel says so and offers one.
  await expect(page.getByTestId("inventory-status")).toContainText(
    "No inventory configuration on this bucket yet",
  );
  await page.getByLabel("Destination bucket").fill("central-reports");
  await page.getByLabel("Destination account ID (if another)").fill("444455556666");
  const config = page.locator("pre").filter({ hasText: '"OptionalFields"' });
  await expect(config).toContainText('"ObjectAccessControlList"');
  await expect(config).toContainText('"AccountId": "444455556666"');
  await expect(page.locator("pre").filter({ hasText: "put-bucket-inventory-configuration" })).toContainText(
    `--bucket ${MAIN_BUCKET} --id ownerscope-ownership`,
  );
  await expect(page.getByTestId("inventory-scan-from")).toHaveText(
    `s3://central-reports/inventory/${MAIN_BUCKET}/ownerscope-ownership/`,
  );
});
