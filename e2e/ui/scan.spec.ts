import path from "node:path";
import { expect, test } from "@playwright/test";
import { MAIN_BUCKET, artifactsDir, seedManifest } from "../fixtures";

test("Scan runs from the bucket page and shows every key's status, filterable and shareable", async ({
  page,
}) => {
  const manifest = seedManifest();
  const truth = manifest.objects.filter((o) => o.bucket === MAIN_BUCKET);
  const count = (s: string) => truth.filter((o) => o.status === s).length;

  await page.goto(`/connections/lab/buckets/${MAIN_BUCKET}`);
  await page.getByRole("button", { name: "Scan bucket" }).click();
  await expect(page).toHaveURL(/scan=\d+/);
  await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
  for (const s of ["owned", "foreign-full-control", "foreign-readable", "foreign-locked", "unknown"]) {
    await expect(page.getByTestId(`count-${s}`)).toContainText(`: ${count(s)}`);
  }
  const readme = page.locator('[data-testid="finding-row"][data-key="from-user-a/README.md"]');
  await expect(readme).toHaveAttribute("data-status", "foreign-locked");
  await expect(readme).toContainText(manifest.writer.name);
  await expect(
    page.locator('[data-testid="finding-row"][data-key="from-user-a/with-acl/README.md"]'),
  ).toHaveAttribute("data-status", "foreign-full-control");
  await page.screenshot({ path: path.join(artifactsDir, "scan-findings.png"), fullPage: true });

  await page.getByTestId("count-foreign-locked").click();
  await expect(page).toHaveURL(/status=foreign-locked/);
  await expect(page.getByTestId("finding-row")).toHaveCount(count("foreign-locked"));

  // The filtered view is in the URL: opening it fresh shows the same rows.
  const url = page.url();
  const fresh = await page.context().newPage();
  await fresh.goto(url);
  await expect(fresh.getByTestId("finding-row")).toHaveCount(count("foreign-locked"));

  await page.getByRole("searchbox", { name: "Search keys" }).fill("readme");
  await expect(page).toHaveURL(/q=readme/);
  await expect(page.getByTestId("finding-row")).toHaveCount(1);
});
