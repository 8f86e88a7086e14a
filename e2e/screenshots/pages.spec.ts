// `npm run screenshots` (and every browser test run): every page of the app at 1440×900 and at 390×844, written to
// artifacts/screenshots/<size>/. Each page must render without an error panel.
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { CONNECTION, MAIN_BUCKET, artifactsDir } from "../fixtures";

const sizes = [
  { name: "desktop-1440x900", width: 1440, height: 900 },
  { name: "phone-390x844", width: 390, height: 844 },
];
const bucketPage = `/connections/${CONNECTION}/buckets/${MAIN_BUCKET}`;

for (const size of sizes) {
  test(`every page at ${size.width}×${size.height}`, async ({ page, browser }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(size);
    const shot = async (name: string) => {
      // No error panel (the app's one error display) on the page.
      await expect(page.locator('div[role="alert"].border-red-200')).toHaveCount(0);
      await page.screenshot({
        path: path.join(artifactsDir, "screenshots", size.name, `${name}.png`),
        fullPage: true,
      });
    };
    const visit = async (name: string, url: string, ready: (p: Page) => Promise<void>) => {
      await page.goto(url);
      await ready(page);
      await shot(name);
    };
    const heading = (p: Page) => expect(p.getByRole("heading").first()).toBeVisible();

    // Earlier tests leave the lab with dozens of buckets, whose settings the overview reads before its rows show.
    await visit("01-overview", "/", (p) =>
      expect(p.getByTestId("bucket-row").first()).toBeVisible({ timeout: 20_000 }),
    );
    await visit("02-connection-settings", `/connections/${CONNECTION}/settings`, heading);
    await visit("03-new-connection", "/connections/new", heading);
    await visit("04-bucket-objects", bucketPage, (p) =>
      expect(p.getByRole("tab", { name: "Objects" })).toBeVisible(),
    );

    await page.getByRole("button", { name: "Scan bucket" }).click();
    await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
      timeout: 30_000,
    });
    const scanId = Number(new URL(page.url()).searchParams.get("scan"));
    await expect(page.getByTestId("finding-row").first()).toBeVisible();
    await shot("05-bucket-findings");
    for (const [name, tab] of [
      ["06-tab-guidance", "Writer guidance"],
      ["07-tab-handoff", "Batch Operations hand-off"],
      ["08-tab-inventory", "S3 Inventory"],
    ] as const) {
      await page.getByRole("tab", { name: tab }).click();
      await expect(page.getByRole("tabpanel")).toBeVisible();
      await shot(name);
    }
    await page.getByRole("tab", { name: "Findings" }).click();
    await page
      .locator('[data-testid="finding-row"][data-key="from-user-a/README.md"] [title]')
      .first()
      .click();
    await expect(page.getByTestId("drawer-owner")).toBeVisible();
    await shot("09-object-drawer");
    await page.keyboard.press("Escape");
    await page.getByTestId("fix-all-matching").click();
    await expect(page.getByTestId("plan-totals")).toBeVisible({ timeout: 30_000 });
    await shot("10-fix-plan");
    await page.keyboard.press("Escape");

    await visit("11-report", `${bucketPage}/scans/${scanId}/report`, heading);
    await visit("12-audit-log", `${bucketPage}/audit`, heading);
    await visit("13-compare-scans", `${bucketPage}/diff`, heading);
    await visit("14-watch", `${bucketPage}/watch`, (p) =>
      expect(p.getByRole("heading", { name: "Live findings" })).toBeVisible(),
    );
    await visit("15-alerts", "/alerts", (p) =>
      expect(p.getByRole("heading", { name: "History" })).toBeVisible(),
    );
    await visit("16-disable-acls", `${bucketPage}/acl-migration`, (p) =>
      expect(p.getByTestId("migration-summary")).toBeVisible({ timeout: 20_000 }),
    );
    await visit("17-schedules", "/schedules", heading);
    await visit("18-users", "/users", (p) => expect(p.getByTestId("user-row").first()).toBeVisible());
    await visit("19-settings", "/settings", heading);

    // What someone without an account sees: the sign-in page, and a shared view.
    const shared = await page.request.post("/api/share", { data: { scanId, expiresInHours: 1 } });
    expect(shared.status()).toBe(201);
    const { path: sharePath } = (await shared.json()) as { path: string };
    const anonymous = await browser.newContext({
      viewport: size,
      storageState: { cookies: [], origins: [] },
    });
    const stranger = await anonymous.newPage();
    await stranger.goto(sharePath);
    await expect(stranger.getByTestId("shared-row").first()).toBeVisible();
    await stranger.screenshot({
      path: path.join(artifactsDir, "screenshots", size.name, "20-shared-view.png"),
      fullPage: true,
    });
    await stranger.goto("/login");
    await expect(stranger.getByRole("button", { name: /sign in/i })).toBeVisible();
    await stranger.screenshot({
      path: path.join(artifactsDir, "screenshots", size.name, "21-sign-in.png"),
      fullPage: true,
    });
    await anonymous.close();
  });
}
