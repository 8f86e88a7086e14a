// Every page checked by axe-core (WCAG 2 A and AA rules): no serious or critical violation. And the keyboard
// contract of the dialogs: focus moves in, stays in, Escape closes, focus returns to what opened them.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { CONNECTION, MAIN_BUCKET } from "../fixtures";

async function expectNoSeriousViolations(page: Page, where: string) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect.soft(serious, `${where}: ${serious.join("\n")}`).toEqual([]);
}

async function scanned(page: Page): Promise<string> {
  await page.goto(`/connections/${CONNECTION}/buckets/${MAIN_BUCKET}`);
  await page.getByRole("button", { name: "Scan bucket" }).click();
  await expect(page).toHaveURL(/scan=\d+/);
  await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
  return new URL(page.url()).searchParams.get("scan")!;
}

// One test a page or group (each page loads on a lab the other tests fill with buckets, and axe takes a second or two
// apiece on two cores): a slow page fails alone, by name.
const bucket = `/connections/${CONNECTION}/buckets/${MAIN_BUCKET}`;

test("the overview has no serious or critical accessibility violation", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("bucket-row").first()).toBeVisible({ timeout: 20_000 });
  await expectNoSeriousViolations(page, "overview");
});

test("the bucket page, its tabs, the object drawer, the fix plan and the report have none", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const scanId = await scanned(page);
  await expect(page.getByTestId("finding-row").first()).toBeVisible();
  await expectNoSeriousViolations(page, "bucket page");
  for (const tab of ["Writer guidance", "Batch Operations hand-off", "S3 Inventory"]) {
    await page.getByRole("tab", { name: tab }).click();
    await expect(page.getByRole("tabpanel")).toBeVisible();
    await expectNoSeriousViolations(page, `bucket page, ${tab} tab`);
  }
  await page.getByRole("tab", { name: "Findings" }).click();
  await page.getByTestId("finding-row").first().locator("[title]").first().click();
  await expect(page.getByRole("dialog", { name: "Object details" })).toBeVisible();
  await expectNoSeriousViolations(page, "object drawer");
  await page.keyboard.press("Escape");

  await page.getByTestId("fix-all-matching").click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectNoSeriousViolations(page, "fix plan dialog");
  await page.keyboard.press("Escape");

  await page.goto(`${bucket}/scans/${scanId}/report`);
  await expect(page.getByRole("heading").first()).toBeVisible();
  await expectNoSeriousViolations(page, "report");
});

const sizes = [
  { name: "desk", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

for (const [where, url] of [
  ["overview", "/"],
  ["audit log", `${bucket}/audit`],
  ["compare scans", `${bucket}/diff`],
  ["connection settings", `/connections/${CONNECTION}/settings`],
  ["new connection", "/connections/new"],
  ["watch", `${bucket}/watch`],
  ["alerts", "/alerts"],
  ["schedules", "/schedules"],
  ["users", "/users"],
  ["settings", "/settings"],
] as const) {
  for (const size of sizes) {
    test(`the ${where} page has no serious or critical accessibility violation on a ${size.name}`, async ({
      page,
    }) => {
      await page.setViewportSize(size);
      await page.goto(url);
      await expect(page.getByRole("heading").first()).toBeVisible();
      await page.waitForLoadState("networkidle");
      await expectNoSeriousViolations(page, `${where} (${size.name})`);
    });
  }
}

test("the bucket page's findings and drawer have none on a phone", async ({ page }) => {
  await page.setViewportSize(sizes[1]);
  await scanned(page);
  await expect(page.getByTestId("finding-row").first()).toBeVisible();
  await expectNoSeriousViolations(page, "bucket page (phone)");
  await page.getByTestId("finding-row").first().locator("[title]").first().click();
  await expect(page.getByRole("dialog", { name: "Object details" })).toBeVisible();
  await expectNoSeriousViolations(page, "object drawer (phone)");
});

test("the disable-ACLs page has no serious or critical accessibility violation", async ({ page }) => {
  await page.goto(`${bucket}/acl-migration`);
  await expect(page.getByTestId("readiness-verdict")).toBeVisible({ timeout: 20_000 });
  await expectNoSeriousViolations(page, "disable ACLs");
});

test("the sign-in page has no serious or critical accessibility violation", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.getByRole("button", { name: /sign in/i })).toBeVisible();
  await expectNoSeriousViolations(page, "sign-in");
  await context.close();
});

test("dialogs take the focus, keep it, close on Escape and give it back", async ({ page }) => {
  await scanned(page);
  // The drawer, opened from the keyboard: Enter on the active row.
  const table = page.getByRole("region", { name: /^Findings/ });
  await table.focus();
  await page.keyboard.press("Enter");
  const drawer = page.getByRole("dialog", { name: "Object details" });
  await expect(drawer).toBeVisible();
  await expect.poll(() => drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  for (let i = 0; i < 12; i++) await page.keyboard.press("Tab");
  expect(await drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(table).toBeFocused();

  // A modal, opened with a button: Shift+Tab wraps inside it, Escape gives the focus back to the button.
  const fixAll = page.getByTestId("fix-all-matching");
  await fixAll.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect.poll(() => dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  for (let i = 0; i < 8; i++) await page.keyboard.press("Shift+Tab");
  expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(fixAll).toBeFocused();
});

test("a skip link leads past the header to the findings", async ({ page }) => {
  await scanned(page);
  await page.reload();
  await expect(page.getByTestId("finding-row").first()).toBeVisible();
  // The first Tab of a page reaches the skip link.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  const toFindings = page.getByRole("link", { name: "Skip to findings" });
  await toFindings.focus();
  await expect(toFindings).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("region", { name: /^Findings/ })).toBeFocused();
});
