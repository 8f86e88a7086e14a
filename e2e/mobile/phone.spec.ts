// At 390×844 (a phone): no page scrolls sideways, the findings keep a usable key column, the drawer takes the
// whole screen with its close button in view.
import { expect, test, type Page } from "@playwright/test";
import { CONNECTION, MAIN_BUCKET } from "../fixtures";

const bucketPage = `/connections/${CONNECTION}/buckets/${MAIN_BUCKET}`;

async function expectNoSidewaysScroll(page: Page, where: string) {
  const { overflow, culprits } = await page.evaluate(() => {
    // The elements that reach past the window's right edge without a sideways-scrolling box around them.
    const clipped = (e: Element) => {
      for (let a = e.parentElement; a; a = a.parentElement)
        if (/(auto|scroll|hidden)/.test(getComputedStyle(a).overflowX)) return true;
      return false;
    };
    const culprits = [...document.querySelectorAll("*")]
      .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible")
      .slice(0, 12)
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}${clipped(e) ? " (clipped)" : ""} right=${Math.round(e.getBoundingClientRect().right)} sw=${e.scrollWidth} cw=${e.clientWidth}`,
      );
    return { overflow: document.documentElement.scrollWidth - window.innerWidth, culprits };
  });
  expect(overflow, `${where} scrolls sideways by ${overflow} px: ${culprits.join(", ")}`).toBeLessThanOrEqual(
    0,
  );
}

test("the overview and the bucket page fit the phone's width", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("bucket-row").first()).toBeVisible({ timeout: 20_000 });
  await expectNoSidewaysScroll(page, "overview");

  await page.goto(bucketPage);
  await expect(page.getByRole("tab", { name: "Objects" })).toBeVisible();
  await expectNoSidewaysScroll(page, "bucket listing");

  await page.getByRole("button", { name: "Scan bucket" }).click();
  await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
  const row = page.getByTestId("finding-row").first();
  await expect(row).toBeVisible();
  await expectNoSidewaysScroll(page, "findings");
  const keyCell = (await row.locator("td[title]").first().boundingBox())!;
  expect(keyCell.width).toBeGreaterThanOrEqual(150);
  await expect(page.getByTestId("count-foreign-locked")).toBeVisible();

  for (const [where, url] of [
    ["audit log", `${bucketPage}/audit`],
    ["compare scans", `${bucketPage}/diff`],
    ["connection settings", `/connections/${CONNECTION}/settings`],
  ] as const) {
    await page.goto(url);
    await expect(page.getByRole("heading").first()).toBeVisible();
    await expectNoSidewaysScroll(page, where);
  }
});

test("on a phone the object drawer takes the whole screen, its close button in view", async ({ page }) => {
  await page.goto(bucketPage);
  await page.getByRole("button", { name: "Scan bucket" }).click();
  await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
  await page.locator('[data-testid="finding-row"][data-key="from-user-a/README.md"] td[title]').click();
  const drawer = page.getByRole("dialog", { name: "Object details" });
  await expect(drawer).toBeVisible();
  const box = (await drawer.boundingBox())!;
  expect(box.x).toBeLessThanOrEqual(0.5);
  expect(box.width).toBeGreaterThanOrEqual(389);
  expect(box.height).toBeGreaterThanOrEqual(843);
  await expect(drawer.getByRole("button", { name: "Close details" })).toBeInViewport();
  // The fix control lives here on a phone (the table leaves out its Fix column).
  await expect(drawer.getByRole("button", { name: "Fix this key" })).toBeVisible();
  await drawer.getByRole("button", { name: "Close details" }).click();
  await expect(drawer).toBeHidden();
});
