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
  // In key order, so the last row is the manifest's last key.
  await page.getByLabel("Sort by").selectOption("key");
  await expect(page).toHaveURL(/sort=key/);
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

test.describe("times", () => {
  test.use({ timezoneId: "Europe/Berlin" });

  test("read in the reader's zone with how long ago, the exact UTC time on hover", async ({ page }) => {
    await scanned(page);
    const finished = page.getByRole("region", { name: "Scan progress" }).locator("time");
    await expect(finished).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d GMT\+1 · just now$/);
    await expect(finished).toHaveAttribute("title", /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? UTC$/);
    const utc = (await finished.getAttribute("datetime"))!;
    const local = new Date(Date.parse(utc) + 3_600_000).toISOString();
    await expect(finished).toContainText(`${local.slice(0, 10)} ${local.slice(11, 16)} GMT+1`);
  });
});

test("a link's filters that do not hold are left out and named; a scan of another bucket is refused", async ({
  page,
}) => {
  await scanned(page);
  const scanId = new URL(page.url()).searchParams.get("scan")!;
  await page.goto(
    `/connections/lab/buckets/${MAIN_BUCKET}?scan=${scanId}&status=owned&minSize=abc&from=2026-02-01&to=2026-01-01`,
  );
  const notice = page.getByTestId("dropped-filters");
  await expect(notice).toContainText('minSize "abc" (not a size in bytes)');
  await expect(notice).toContainText("the range starts after it ends");
  // The rest of the view holds: only owned keys, and nothing reads NaN.
  await expect(page.getByTestId("finding-row").first()).toHaveAttribute("data-status", "owned");
  await expect(page.locator('[data-testid="finding-row"]:not([data-status="owned"])')).toHaveCount(0);
  await expect(page.getByText(/NaN/)).toHaveCount(0);
  await notice.getByRole("button", { name: "Remove from the link" }).click();
  await expect(notice).toBeHidden();
  await expect(page).not.toHaveURL(/minSize|from=|to=/);
  await expect(page).toHaveURL(/status=owned/);

  // A size typed wrong says so beside the field and is not applied; a long value from a link is cut in the notice.
  await page.getByLabel("Min size").fill("ten");
  await page.getByLabel("Min size").press("Enter");
  await expect(page.getByTestId("size-error")).toContainText("not a size");
  await expect(page).not.toHaveURL(/minSize/);
  await page.goto(`/connections/lab/buckets/${MAIN_BUCKET}?scan=${scanId}&minSize=${"9".repeat(200)}x`);
  await expect(notice).toContainText(`minSize "${"9".repeat(60)}…"`);

  await page.goto(`/connections/lab/buckets/e2e-fix-ui?scan=${scanId}`);
  await expect(
    page.getByText(`Scan #${scanId} is a scan of bucket ${MAIN_BUCKET}, not of e2e-fix-ui`),
  ).toBeVisible();
  await expect(page.getByTestId("finding-row")).toHaveCount(0);
});

test("statuses are explained where they appear, in the same words everywhere", async ({ page }) => {
  await scanned(page);
  const labels = ["owned", "foreign, full control", "foreign, readable", "foreign, locked", "unknown"];
  await page.getByRole("button", { name: /^Filters/ }).click();
  // The filter offers the words of the badges and chips.
  const options = await page.getByLabel("Status", { exact: true }).locator("option").allTextContents();
  expect(options.slice(1)).toEqual(labels);
  for (const [i, s] of [
    "owned",
    "foreign-full-control",
    "foreign-readable",
    "foreign-locked",
    "unknown",
  ].entries())
    await expect(page.getByTestId(`count-${s}`)).toContainText(`${labels[i]}:`);
  // A badge's tooltip gives the risk and the remedy; the legend lists every status.
  const locked = page.locator('[data-testid="finding-row"][data-key="from-user-a/README.md"]');
  await expect(locked.locator('[data-status="foreign-locked"]')).toHaveAttribute(
    "title",
    /You cannot read it.*Only that account's fixer can grant or re-put it/,
  );
  const legend = page.getByTestId("status-legend");
  await legend.getByText("What the statuses mean").click();
  await expect(legend.locator("dd")).toHaveCount(5);
  await page.keyboard.press("Escape");
  // The drawer of a locked key says what to do about it.
  await locked.locator("[title]").first().click();
  await expect(page.getByTestId("drawer-remedy")).toContainText(
    "Only that account's fixer can grant or re-put it",
  );
});

test("only the likely next pages are fetched ahead: no folder, sort or view of the same page", async ({
  page,
}) => {
  const prefetched: string[] = [];
  page.on("request", (r) => {
    if (Object.keys(r.headers()).some((h) => h.startsWith("next-router") && h.includes("prefetch")))
      prefetched.push(r.url());
  });
  await page.goto("/");
  await expect(page.getByTestId("bucket-row").first()).toBeVisible();
  await scanned(page);
  await expect(page.getByTestId("folder").first()).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForLoadState("networkidle");
  // Other pages may be fetched ahead (a bucket, the audit log); a view of a page (any query) never is.
  expect(prefetched.length).toBeGreaterThan(0);
  const views = prefetched.filter((u) => [...new URL(u).searchParams.keys()].some((k) => k !== "_rsc"));
  expect(views).toEqual([]);
});

// The app's loading state streams first, so these not-found pages come with a 200 (and a noindex), not a 404.
test("a bucket, scan or connection that is not there gets a not-found page that says which, and no Scan", async ({
  page,
}) => {
  const missing = `no-such-bucket-${Date.now().toString(36)}`;
  await page.goto(`/connections/lab/buckets/${missing}`);
  await expect(page.getByRole("heading", { name: "No such bucket or connection here" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Scan bucket" })).toHaveCount(0);
  await page.goto("/connections/nope/buckets/whatever");
  await expect(page.getByRole("heading", { name: "No such bucket or connection here" })).toBeVisible();

  await page.goto(`/connections/lab/buckets/${MAIN_BUCKET}/scans/999999/report`);
  await expect(page.getByRole("heading", { name: "No such scan of this bucket" })).toBeVisible();

  await page.goto("/connections/no-such-connection/settings");
  await expect(page.getByRole("heading", { name: "No such connection" })).toBeVisible();
});
