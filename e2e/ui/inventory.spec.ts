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
