// The bucket page leads with the findings: the summary and the first rows above the fold, the counts and the bulk
// actions in reach while the rows scroll under them, the rest in tabs, columns sorted by their headers.
import { expect, test, type Page } from "@playwright/test";
import { MAIN_BUCKET, seedManifest } from "../fixtures";

async function scanned(page: Page) {
  await page.goto(`/connections/lab/buckets/${MAIN_BUCKET}`);
  await page.getByRole("button", { name: "Scan bucket" }).click();
  await expect(page).toHaveURL(/scan=\d+/);
  await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
}

test("at 1440×900 the status summary and the first finding row are visible without scrolling", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await scanned(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  const firstRow = page.getByTestId("finding-row").first();
  await expect(firstRow).toBeVisible();
  const row = (await firstRow.boundingBox())!;
  expect(row.y).toBeGreaterThanOrEqual(0);
  expect(row.y + row.height).toBeLessThanOrEqual(900);
  const summary = (await page.getByTestId("count-owned").boundingBox())!;
  expect(summary.y + summary.height).toBeLessThanOrEqual(900);
  // Guidance, hand-off and Inventory wait in their tabs.
  for (const name of ["Findings", "Writer guidance", "Batch Operations hand-off", "S3 Inventory"])
    await expect(page.getByRole("tab", { name })).toBeVisible();
  await expect(page.getByRole("tab", { name: "Findings" })).toHaveAttribute("aria-selected", "true");
});

test("the counts and the bulk actions stay in reach while the rows scroll with the page, under them", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 560 });
  await scanned(page);
  const toolbar = page.getByTestId("findings-toolbar");
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect.poll(async () => (await toolbar.boundingBox())!.y).toBeLessThanOrEqual(1);
  await expect(toolbar.getByTestId("fix-all-matching")).toBeInViewport();
  await expect(page.getByTestId("count-foreign-locked")).toBeInViewport();
  // The table's header sticks right under the toolbar; the page is the only scroll container.
  const bar = (await toolbar.boundingBox())!;
  const header = (await page.locator("thead").first().boundingBox())!;
  expect(Math.abs(header.y - (bar.y + bar.height))).toBeLessThanOrEqual(2);
  const scrollers = await page.evaluate(
    () =>
      [...document.querySelectorAll("main *")].filter((e) => {
        const style = getComputedStyle(e);
        return /(auto|scroll)/.test(style.overflowY) && e.scrollHeight > e.clientHeight;
      }).length,
  );
  expect(scrollers).toBe(0);
  // The last row is reachable by scrolling the page alone.
  const truth = seedManifest().objects.filter((o) => o.bucket === MAIN_BUCKET);
  const last = [...truth.map((o) => o.key)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).at(-1)!;
  await expect(page.locator(`[data-testid="finding-row"][data-key="${last}"]`)).toBeInViewport();
});

test("a click on a column's header sorts by it, a second click reverses it", async ({ page }) => {
  await scanned(page);
  const truth = seedManifest().objects.filter((o) => o.bucket === MAIN_BUCKET);
  const smallest = Math.min(...truth.map((o) => o.size));
  const largest = Math.max(...truth.map((o) => o.size));
  // Ties on size are broken by key, in the same direction.
  const keysOf = (size: number) =>
    truth
      .filter((o) => o.size === size)
      .map((o) => o.key)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  await page.getByTestId("sort-size").click();
  await expect(page).toHaveURL(/sort=size/);
  await expect(page.getByTestId("finding-row").first()).toHaveAttribute("data-key", keysOf(smallest)[0]!);
  await page.getByTestId("sort-size").click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect(page.getByTestId("finding-row").first()).toHaveAttribute("data-key", keysOf(largest).at(-1)!);
  await page.getByTestId("sort-key").click();
  await expect(page).not.toHaveURL(/sort=size/);
});
