import path from "node:path";
import { expect, test } from "@playwright/test";
import { MAIN_BUCKET, artifactsDir, seedManifest } from "../fixtures";

test("home lists the connection's buckets and opens one", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Lab: account B" })).toBeVisible();
  for (const bucket of seedManifest().buckets) {
    await expect(page.getByRole("link", { name: new RegExp(`^${bucket.name}`) })).toBeVisible();
  }
  // The name opens the bucket (its newest scan's findings once scanned); the live listing is the bucket's page
  // without a scan.
  const row = page.locator(`[data-testid="bucket-row"][data-bucket="${MAIN_BUCKET}"]`);
  await row.getByRole("link", { name: MAIN_BUCKET, exact: true }).click();
  await expect(page.getByRole("heading", { name: MAIN_BUCKET })).toBeVisible();
  await page.getByLabel("View", { exact: true }).selectOption("");
  await expect(page.getByTestId("folder-row").filter({ hasText: "from-user-a/" })).toBeVisible();
});

test("flags account A's README keys and not account B's own keys", async ({ page }) => {
  const manifest = seedManifest();
  const writerName = manifest.writer.name;

  await page.goto(`/connections/lab/buckets/${MAIN_BUCKET}`);
  await page.getByRole("link", { name: "from-user-a/" }).click();
  await expect(page).toHaveURL(/prefix=from-user-a%2F/);
  const readme = page.locator('[data-testid="object-row"][data-key="from-user-a/README.md"]');
  await expect(readme).toHaveAttribute("data-foreign", "true");
  await expect(readme.getByTestId("owner")).toHaveAttribute("data-owner-id", manifest.writer.canonicalId);
  await expect(readme).toContainText(writerName);
  await expect(readme).toContainText("foreign");

  await page.getByRole("link", { name: "with-acl/" }).click();
  const withAcl = page.locator('[data-testid="object-row"][data-key="from-user-a/with-acl/README.md"]');
  await expect(withAcl).toHaveAttribute("data-foreign", "true");
  await expect(withAcl).toContainText(writerName);
  await page.screenshot({ path: path.join(artifactsDir, "bucket-with-acl.png"), fullPage: true });

  // Breadcrumb back to the root, then into B's own keys: none flagged.
  await page.getByRole("navigation", { name: "Folder" }).getByRole("link", { name: MAIN_BUCKET }).click();
  const top = page.locator('[data-testid="object-row"][data-key="top-level.txt"]');
  await expect(top).toHaveAttribute("data-foreign", "false");
  await page.getByRole("link", { name: "b-own/" }).click();
  const own = page.getByTestId("object-row");
  await expect(own.first()).toBeVisible();
  const expectedOwn = manifest.objects.filter(
    (o) => o.bucket === MAIN_BUCKET && /^b-own\/[^/]+$/.test(o.key),
  );
  await expect(own).toHaveCount(expectedOwn.length);
  for (const o of expectedOwn) {
    await expect(page.locator(`[data-testid="object-row"][data-key="${o.key}"]`)).toHaveAttribute(
      "data-foreign",
      "false",
    );
  }
  await expect(page.getByText("foreign", { exact: true })).toHaveCount(0);
});

test("a prefix in the URL is a shareable view", async ({ page }) => {
  await page.goto(`/connections/lab/buckets/${MAIN_BUCKET}?prefix=${encodeURIComponent("from-user-a/")}`);
  await expect(page.getByTestId("listing-summary")).toContainText("owned by another account");
  await page.screenshot({ path: path.join(artifactsDir, "bucket-from-user-a.png"), fullPage: true });
});
