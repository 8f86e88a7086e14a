import path from "node:path";
import { expect, test } from "@playwright/test";
import { artifactsDir, seedManifest } from "../fixtures";

const BUCKET = "e2e-fix-ui";

test("one click fixes one key, then a bulk fix clears the bucket; the audit log shows both", async ({
  page,
}) => {
  const manifest = seedManifest();
  const truth = manifest.objects.filter((o) => o.bucket === BUCKET);
  const foreign = truth.filter((o) => o.ownerId !== manifest.bucketOwner.canonicalId);

  await page.goto(`/connections/lab/buckets/${BUCKET}`);
  await page.getByRole("button", { name: "Scan bucket" }).click();
  await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
  await expect(page.getByText("Stop new foreign objects: guidance for the writers")).toBeVisible();

  // One click: the plan, then confirm.
  const readme = page.locator('[data-testid="finding-row"][data-key="from-user-a/README.md"]');
  await readme.getByRole("button", { name: "Fix" }).click();
  const dialog = page.getByRole("dialog", { name: "Fix plan" });
  await expect(dialog.getByTestId("plan-strategy")).toHaveText("reput then take-ownership");
  await expect(dialog.getByTestId("plan-totals")).toContainText("1 to fix");
  await page.screenshot({ path: path.join(artifactsDir, "fix-plan.png"), fullPage: true });
  await dialog.getByRole("button", { name: "Fix 1 object" }).click();
  await expect(page).toHaveURL(/fix=\d+/);
  await expect(page.getByTestId("fix-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
  await expect(page.getByTestId("fix-counts")).toContainText("1 fixed");
  await expect(readme).toHaveAttribute("data-status", "owned");

  // Bulk: everything foreign that is left.
  await page.getByRole("button", { name: "Fix all matching" }).click();
  await expect(dialog.getByTestId("plan-totals")).toContainText(`${foreign.length - 1} to fix`);
  await dialog.getByRole("button", { name: `Fix ${foreign.length - 1} objects` }).click();
  await expect(page.getByTestId("fix-status")).toHaveAttribute("data-status", "completed", {
    timeout: 60_000,
  });
  await expect(page.getByTestId("fix-counts")).toContainText(`${foreign.length - 1} fixed`);
  await expect(page.getByTestId("count-owned")).toContainText(`: ${truth.length}`);
  await expect(page.getByTestId("count-foreign-locked")).toContainText(": 0");
  await page.screenshot({ path: path.join(artifactsDir, "fix-done.png"), fullPage: true });

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.locator('[data-testid="audit-row"][data-result="fixed"]').first()).toBeVisible();
  const fixedRows = await page.locator('[data-testid="audit-row"][data-result="fixed"]').count();
  expect(fixedRows).toBeGreaterThanOrEqual(foreign.length);
});
