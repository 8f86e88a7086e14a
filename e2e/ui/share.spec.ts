import path from "node:path";
import { expect, test } from "@playwright/test";
import { MAIN_BUCKET, artifactsDir, rolePassword, runCli } from "../fixtures";

test("anonymous visitors sign in first, then land where they were going", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(`/connections/lab/buckets/${MAIN_BUCKET}`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel("Username").fill("e2e-viewer");
  await page.getByLabel("Password").fill(rolePassword());
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: MAIN_BUCKET })).toBeVisible();
  await expect(page.getByTestId("current-user")).toContainText("e2e-viewer (viewer)");
  // A viewer reads; the scan and fix controls are not there.
  await expect(page.getByRole("button", { name: "Scan bucket" })).toHaveCount(0);
  await context.close();
});

test("a share link opens the same rows in a fresh browser without fix controls; a revoked link is refused", async ({
  page,
  browser,
}) => {
  await page.goto(`/connections/lab/buckets/${MAIN_BUCKET}`);
  await page.getByRole("button", { name: "Scan bucket" }).click();
  await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
  await page.getByTestId("count-foreign-locked").click();
  await expect(page).toHaveURL(/status=foreign-locked/);
  await expect(page.locator('[data-testid="finding-row"]:not([data-status="foreign-locked"])')).toHaveCount(
    0,
  );
  await expect(page.getByTestId("finding-row").first()).toBeVisible();
  const expected = await page.getByTestId("finding-row").count();
  expect(expected).toBeGreaterThan(0);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Share" }).click();
  // The popover says in words what the link will show, and lets the expiry be chosen.
  await expect(page.getByTestId("share-view")).toHaveText("status foreign, locked");
  await page.getByLabel("Expires in").selectOption({ label: "1 day" });
  await page.getByRole("button", { name: "Create link" }).click();
  const url = await page.getByLabel("Share link", { exact: true }).inputValue();
  expect(url).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
  await page.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByTestId("share-copied")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await expect(page.getByTestId("share-link").first()).toContainText("· in 1 day");
  await expect(page.getByTestId("share-link").first()).toContainText("status foreign, locked");

  const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const shared = await stranger.newPage();
  await shared.goto(url);
  await expect(shared.getByTestId("shared-row")).toHaveCount(expected);
  await expect(shared.locator('[data-testid="shared-row"][data-status="foreign-locked"]')).toHaveCount(
    expected,
  );
  await expect(shared.getByRole("button", { name: "Fix" })).toHaveCount(0);
  await expect(shared.getByTestId("current-user")).toHaveCount(0);
  await shared.screenshot({ path: path.join(artifactsDir, "share-view.png"), fullPage: true });

  await page.getByRole("button", { name: "Revoke" }).first().click();
  await expect(page.getByTestId("share-link").first()).toContainText("revoked");
  await shared.reload();
  await expect(shared.getByRole("heading", { name: "This share link is not valid" })).toBeVisible();
  await stranger.close();
});

test("a one-time sign-in link signs in once, on the host it was opened on", async ({ browser, baseURL }) => {
  const link = runCli("user", "login-link", "--username", "e2e-viewer", "--base-url", baseURL!);
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${baseURL}/`);
  await expect(page.getByTestId("current-user")).toContainText("e2e-viewer");
  const again = await context.newPage();
  await again.goto(link);
  await again.getByRole("button", { name: "Sign in" }).click();
  await expect(again).toHaveURL(/\/login\?link=invalid/);
  await context.close();
});
