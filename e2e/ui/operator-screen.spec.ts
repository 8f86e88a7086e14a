// The operator's screen at 1440×900: the findings lead, foreign keys first; the plan opened from the drawer is on
// top; the overview fits and survives S3 being down; the places of the product are in the header; files and paper
// fit for an audit.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { startLatencyProxy } from "../../scripts/lab/latency-proxy";
import { CONNECTION, MAIN_BUCKET, parseCsv, seedManifest } from "../fixtures";

const bucketUrl = `/connections/${CONNECTION}/buckets/${MAIN_BUCKET}`;
const desk = { width: 1440, height: 900 };
const severity = [
  "foreign-locked",
  "foreign-readable",
  "foreign-full-control",
  "unknown",
  "pending",
  "owned",
];

async function scanned(page: Page) {
  await page.goto(bucketUrl);
  await page.getByRole("button", { name: "Scan bucket" }).click();
  await expect(page).toHaveURL(/scan=\d+/);
  await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
  await expect(page.getByTestId("finding-row").first()).toBeVisible();
  return Number(new URL(page.url()).searchParams.get("scan"));
}

test("at 1440×900 ten finding rows show with no scrolling, foreign keys first, the worst and largest on top", async ({
  page,
}) => {
  await page.setViewportSize(desk);
  await scanned(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  const boxes = await page
    .getByTestId("finding-row")
    .evaluateAll((rows) =>
      rows.map((r) => ({ bottom: r.getBoundingClientRect().bottom, status: r.getAttribute("data-status")! })),
    );
  const inView = boxes.filter((b) => b.bottom <= 900);
  expect(inView.length, "finding rows wholly within the first screen").toBeGreaterThanOrEqual(10);
  expect(inView[0]!.status).toMatch(/^foreign-/);
  // By severity, then by size, largest first.
  const rows = await page
    .getByTestId("finding-row")
    .evaluateAll((trs) => trs.map((r) => [r.getAttribute("data-status")!, r.textContent ?? ""] as const));
  for (let i = 1; i < rows.length; i++)
    expect(severity.indexOf(rows[i]![0])).toBeGreaterThanOrEqual(severity.indexOf(rows[i - 1]![0]));
  // The scan's status and the bulk action share one bar with the counts; the filters fold into one row.
  const bar = page.getByTestId("findings-toolbar");
  await expect(bar.getByTestId("fix-all-matching")).toBeVisible();
  await expect(bar.getByTestId("count-foreign-locked")).toBeVisible();
  await expect(page.getByLabel("Status", { exact: true })).toBeHidden();
  await page.getByRole("button", { name: /^Filters/ }).click();
  await expect(page.getByLabel("Status", { exact: true })).toBeVisible();
  // Another order is one choice away, and the URL keeps it.
  await page.getByLabel("Sort by").selectOption("key");
  await expect(page).toHaveURL(/sort=key/);
});

test("Fix this key in the object drawer opens the plan on top of it; its buttons take the click", async ({
  page,
}) => {
  await page.setViewportSize(desk);
  await scanned(page);
  const row = page.locator('[data-testid="finding-row"][data-key="from-user-a/README.md"]');
  await row.locator("[title]").first().click();
  const drawer = page.getByRole("dialog", { name: "Object details" });
  await drawer.getByRole("button", { name: "Fix this key" }).click();
  const plan = page.getByRole("dialog", { name: "Fix plan" });
  await expect(plan.getByTestId("plan-totals")).toBeVisible({ timeout: 30_000 });
  // The summary says the writer loses access, not only the object's own line.
  await expect(plan.getByTestId("plan-owners-losing")).toContainText(/Account A on 1 object/);
  // A real click (Playwright refuses one another element would receive): the plan is on top.
  await plan.getByRole("button", { name: "Close" }).click();
  await expect(plan).toBeHidden();
  await expect(drawer).toBeVisible();
  // Escape closes the topmost dialog only.
  await drawer.getByRole("button", { name: "Fix this key" }).click();
  await expect(plan.getByTestId("plan-totals")).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press("Escape");
  await expect(plan).toBeHidden();
  await expect(drawer).toBeVisible();
});

test("the chips count what the folder and the search show, not the whole scan", async ({ page }) => {
  await page.setViewportSize(desk);
  await scanned(page);
  await expect(page.getByTestId("status-chips")).toHaveAttribute("data-counts", "scan");
  await page.getByLabel("Search keys").fill("read-only");
  await expect(page.getByTestId("match-count")).toHaveText("2 keys match");
  await expect(page.getByTestId("status-chips")).toHaveAttribute("data-counts", "view");
  await expect(page.getByTestId("count-foreign-readable")).toContainText(": 2");
  await expect(page.getByTestId("count-foreign-locked")).toContainText(": 0");
});

test("breadcrumbs in words and a header that shows the product's places", async ({ page }) => {
  await page.goto(`${bucketUrl}/audit`);
  const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(crumbs).toHaveText(/Overview\s*›\s*.+›\s*account-b-no-bucket\s*›\s*Audit log/);
  await expect(crumbs).not.toContainText("/ bucket");
  await expect(
    page.getByRole("navigation", { name: "Bucket pages" }).getByRole("link", { name: "Audit log" }),
  ).toHaveAttribute("aria-current", "page");
  const main = page.getByRole("navigation", { name: "Main" });
  for (const place of ["Overview", "Alerts", "Schedules", "Users", "Settings"])
    await expect(main.getByRole("link", { name: place })).toBeVisible();
  await main.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  await expect(page.locator('[data-testid="user-row"][data-username="e2e-viewer"]')).toBeVisible();
  await main.getByRole("link", { name: "Schedules" }).click();
  await expect(page.getByRole("heading", { name: "Schedules" })).toBeVisible();
  await main.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("table", { name: "Connections" })).toContainText(CONNECTION);
});

test("an admin adds a user and disables them from the Users screen", async ({ page }) => {
  const name = `e2e-added-${Date.now().toString(36)}`;
  await page.goto("/users");
  await page.getByLabel("Username").fill(name);
  await page.getByLabel("Role").selectOption("operator");
  await page.getByLabel("Initial password").fill("a long enough password 1");
  await page.getByRole("button", { name: "Add user" }).click();
  const row = page.locator(`[data-testid="user-row"][data-username="${name}"]`);
  await expect(row).toContainText("operator");
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row).toContainText("disabled");
});

test("a schedule of 0 hours is refused in words, before it is sent", async ({ page }) => {
  await page.goto(`${bucketUrl}/watch`);
  const every = page.getByLabel("Every (hours)");
  await every.fill("0");
  await expect(page.getByTestId("schedule-problem")).toHaveText(
    "Rescan at most every 15 minutes: type 0.25 hours or more.",
  );
  await expect(page.getByRole("button", { name: "Save schedule" })).toBeDisabled();
  await expect(page.getByText("Too small")).toHaveCount(0);
});

test("the CSV is an auditor's: bucket, scan and time on every row, status then and now, bare ETags, a named file", async ({
  page,
}) => {
  const scanId = await scanned(page);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page
      .getByTestId("export-menu")
      .locator("summary")
      .click()
      .then(() => page.getByRole("link", { name: "Export CSV" }).click()),
  ]);
  expect(download.suggestedFilename()).toMatch(
    new RegExp(`^ownerscope-${MAIN_BUCKET}-scan-${scanId}-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
  );
  const [header, ...rows] = parseCsv(
    await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString("utf8")),
  );
  for (const column of ["bucket", "scanId", "scannedAt", "status", "statusNow", "etag"])
    expect(header).toContain(column);
  const col = (name: string) => header!.indexOf(name);
  const truth = seedManifest().objects.filter((o) => o.bucket === MAIN_BUCKET);
  expect(rows).toHaveLength(truth.length);
  for (const r of rows) {
    expect(r[col("bucket")]).toBe(MAIN_BUCKET);
    expect(r[col("scanId")]).toBe(String(scanId));
    expect(r[col("scannedAt")]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(r[col("etag")]).toMatch(/^[0-9a-f]{32}(-\d+)?$/);
  }
});

test("the printed report's charts keep their bars, and it says when, not how long ago", async ({ page }) => {
  const scanId = await scanned(page);
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.goto(`${bucketUrl}/scans/${scanId}/report`);
  await page.emulateMedia({ media: "print" });
  for (const chart of ["Keys by owner account", "Top prefixes by foreign keys", "Keys by status"]) {
    const widths = await page
      .getByRole("list", { name: chart })
      .locator("svg[data-testid=bar]")
      .evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().width));
    expect(widths.length, chart).toBeGreaterThan(0);
    for (const w of widths) expect(w, `${chart}: a bar's track`).toBeGreaterThan(300);
  }
  await expect(page.locator("main")).not.toContainText(/just now|ago\b/);
});

/** A copy of the lab connection through a proxy that can be closed: S3 then does not answer. */
async function connectionThatGoesDown(request: APIRequestContext) {
  const lab = (await (await request.get(`/api/connections/${CONNECTION}`)).json()).connection as Record<
    string,
    unknown
  >;
  const proxy = await startLatencyProxy(String(lab.endpointUrl), 0);
  const id = `e2e-down-${Date.now().toString(36)}`;
  const created = await request.post("/api/connections", {
    data: { ...lab, id, name: "Goes down", endpointUrl: proxy.url, stsEndpointUrl: proxy.url },
  });
  expect(created.status(), await created.text()).toBe(201);
  return {
    id,
    down: () => proxy.close(),
    restore: () =>
      request.put(`/api/connections/${id}`, { data: { ...lab, id: undefined, name: "Was down" } }),
  };
}

test("the overview fits at 1440, leads a bucket to its findings, and keeps stored figures with S3 down", async ({
  page,
  request,
}) => {
  await page.setViewportSize(desk);
  const c = await connectionThatGoesDown(request);
  try {
    const started = await request.post("/api/scans", {
      data: { connectionId: c.id, bucket: MAIN_BUCKET, prefix: "", mode: "full", versions: false },
    });
    expect(started.status(), await started.text()).toBe(202);
    const { scanId } = (await started.json()) as { scanId: number };
    await expect
      .poll(
        async () => ((await (await request.get(`/api/scans/${scanId}`)).json()) as { status: string }).status,
        {
          timeout: 30_000,
        },
      )
      .toBe("completed");

    await page.goto("/");
    const table = page.getByRole("table", { name: `Buckets of ${c.id}` });
    const row = table.locator(`[data-testid="bucket-row"][data-bucket="${MAIN_BUCKET}"]`);
    await expect(row).toBeVisible({ timeout: 20_000 });
    // The whole table in its box: the Scan button is not cut off.
    const fits = await table.evaluate((t) => t.scrollWidth <= t.parentElement!.clientWidth);
    expect(fits).toBe(true);
    // Other connections' tables may stand above this one: scrolled to, the button is whole on the screen.
    await row.getByRole("button", { name: "Scan" }).scrollIntoViewIfNeeded();
    await expect(row.getByRole("button", { name: "Scan" })).toBeInViewport({ ratio: 1 });
    // The bucket's name opens its newest scan's findings; the live listing is one click away.
    await expect(row.getByRole("link", { name: MAIN_BUCKET })).toHaveAttribute(
      "href",
      new RegExp(`\\?scan=${scanId}$`),
    );
    await expect(row.getByRole("link", { name: "live listing" })).toBeVisible();

    c.down();
    await page.reload();
    const section = page.locator(`[data-connection="${c.id}"]`);
    await expect(section.getByTestId("overview-unavailable")).toBeVisible({ timeout: 20_000 });
    await expect(row.getByTestId("foreign-keys")).toContainText(/^\d+/);
    await expect(row.getByTestId("live-unavailable")).toBeVisible();
  } finally {
    await c.restore();
  }
});

test("share links last a day unless the operator picks longer", async ({ page }) => {
  await scanned(page);
  await page.getByRole("button", { name: "Share" }).click();
  await expect(page.getByLabel("Expires in")).toHaveValue("24");
});

test("Compare offers two different scans only, and a link to a missing scan offers the way back", async ({
  page,
}) => {
  const first = await scanned(page);
  const second = await scanned(page);
  await page.goto(`${bucketUrl}/diff?from=${second}&to=${second}`);
  await expect(page.getByTestId("diff-same")).toBeVisible();
  await expect(page.getByLabel("Earlier scan").locator(`option[value="${second}"]`)).toBeDisabled();
  await page.getByLabel("Earlier scan").selectOption(String(first));
  await expect(page.getByTestId("diff-same")).toBeHidden();

  await page.goto(`${bucketUrl}?scan=999999`);
  const error = page.locator('div[role="alert"].border-red-200');
  await expect(error).toContainText("999999");
  await expect(error.getByRole("button", { name: "Try again" })).toHaveCount(0);
  await error.getByRole("link", { name: /live listing/ }).click();
  await expect(page.getByRole("tab", { name: "Objects" })).toBeVisible();
});
