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
  const keyCell = (await row.locator("[title]").first().boundingBox())!;
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
  await page.locator('[data-testid="finding-row"][data-key="from-user-a/README.md"] [title]').first().click();
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

test("on a phone the findings are cards, the first one within the first screen, with the key, status, owner and Fix", async ({
  page,
}) => {
  await page.goto(bucketPage);
  await page.getByRole("button", { name: "Scan bucket" }).click();
  await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
  await page.evaluate(() => window.scrollTo(0, 0));
  const card = page.getByTestId("finding-row").first();
  await expect(card).toBeVisible();
  const box = (await card.boundingBox())!;
  expect(box.y + box.height, "the first card's bottom").toBeLessThanOrEqual(844);
  await expect(card).toHaveAttribute("data-status", /^foreign-/);
  await expect(card.getByRole("button", { name: "Fix" })).toBeVisible();
  await expect(card).toContainText(/foreign, /);
});

test("no screen scrolls sideways on a phone", async ({ page }) => {
  for (const [where, url] of [
    ["overview", "/"],
    ["alerts", "/alerts"],
    ["schedules", "/schedules"],
    ["users", "/users"],
    ["settings", "/settings"],
    ["watch", `${bucketPage}/watch`],
    ["disable ACLs", `${bucketPage}/acl-migration`],
    ["new connection", "/connections/new"],
  ] as const) {
    await page.goto(url);
    await expect(page.getByRole("heading").first()).toBeVisible();
    // Whatever loads after the heading (tables, panels) is in before the measure.
    await page.waitForLoadState("networkidle");
    await expectNoSidewaysScroll(page, where);
  }
});
