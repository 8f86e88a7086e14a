// The fleet view on the production build: the lab's organization (scripts/lab/org-layout.ts) discovered and scanned
// with the CLI into the server's own store, then browsed: ranked buckets, "X of Y" per problem, filters in the URL,
// the broken accounts with their causes, drill-down into a bucket page, on a desk and on a phone.
import { execFileSync } from "node:child_process";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { runCli } from "../../scripts/cli/run-cli";
import * as org from "../../scripts/lab/org-layout";
import { startOrganizationsServer, type OrganizationsServer } from "../../scripts/lab/organizations-server";

let organizations: OrganizationsServer;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const labDir = process.env.OWNERSCOPE_LAB_DIR!;
  const dataDir = process.env.OWNERSCOPE_DATA_DIR!;
  execFileSync("bash", [path.resolve("scripts/lab/lab"), "org"], { stdio: "ignore" });
  organizations = await startOrganizationsServer([org.accessKeyOf(org.MANAGEMENT_ID)]);
  const endpoint = process.env.OWNERSCOPE_LAB_ENDPOINT!;
  const env = {
    AWS_CONFIG_FILE: `${labDir}/aws/config`,
    AWS_SHARED_CREDENTIALS_FILE: `${labDir}/aws/credentials`,
  };
  const discover = await runCli(org.discoverArgs(dataDir, endpoint, organizations.url), env);
  expect(discover.code, discover.stderr).toBe(0);
  const scan = await runCli(["fleet", "scan", "--data-dir", dataDir], env);
  expect(scan.code, scan.stderr).toBe(1); // partial: the lab's organization has broken parts on purpose
});

test.afterAll(async () => organizations?.close());

const problemCount = (page: Page, problem: string) =>
  page.locator(`[data-testid="fleet-problem"][data-problem="${problem}"]`);

test("the fleet ranks every bucket by risk and counts each problem, X of Y buckets", async ({ page }) => {
  await page.goto("/fleet");
  await expect(page.getByRole("heading", { name: "Fleet" })).toBeVisible();
  const rows = page.getByTestId("fleet-bucket");
  const buckets = org
    .members()
    .filter((a) => a.readRole !== "missing" && a.readRole !== "denies")
    .flatMap((a) => a.buckets);
  await expect(rows).toHaveCount(buckets.length);
  // An outside writer's unreadable objects rank first; the bucket that fails to scan above the clean ones.
  await expect(rows.first()).toHaveAttribute("data-bucket", "payments-prod-data");
  await expect(rows.first()).toContainText("outside writer");
  const order = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-bucket")));
  const clean = buckets.filter((b) => !org.foreignKeysByBucket().has(b) && b !== org.DENYING_BUCKET.bucket);
  expect(order.indexOf(org.DENYING_BUCKET.bucket)).toBe(order.length - clean.length - 1);
  await expect(problemCount(page, "failing")).toContainText(`1 of ${buckets.length} buckets`);
  await expect(problemCount(page, "foreign")).toContainText(
    `${org.foreignKeysByBucket().size} of ${buckets.length}`,
  );
  await expect(problemCount(page, "outside")).toContainText(`1 of ${buckets.length}`);
  await expect(page.getByTestId("fleet-bucket").filter({ hasText: org.DENYING_BUCKET.bucket })).toContainText(
    /failing since today: bucket-policy-denied/,
  );
  // The accounts that cannot be scanned at all, with why.
  await expect(page.locator('[data-testid="fleet-account"][data-account="410000000011"]')).toContainText(
    "the read role does not exist",
  );
  await expect(page.locator('[data-testid="fleet-account"][data-account="410000000012"]')).toContainText(
    "lacks a permission",
  );
});

test("the organization's writers: each foreign owner over the buckets, most locked first, an outsider marked", async ({
  page,
}) => {
  await page.goto("/fleet");
  // Other tests fix some of the seeded objects (the routed fix), so the order is checked, not the seeded counts.
  const writers = page.getByTestId("fleet-writer");
  await expect(writers.first()).toBeVisible();
  const locked = await writers.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-locked"))));
  expect(locked).toEqual([...locked].sort((a, b) => b - a));
  expect(locked[0]).toBeGreaterThan(0);
  const outside = page.locator(
    `[data-testid="fleet-writer"][data-writer="${org.canonicalIdOf(org.OUTSIDE.id)}"]`,
  );
  await expect(outside).toContainText("outside the organization");
  await outside.getByRole("link", { name: "payments-prod-data" }).click();
  await expect(page).toHaveURL(/\/buckets\/payments-prod-data\/writers$/);
});

test("filters live in the URL: a problem, an OU, a tag, and back", async ({ page }) => {
  await page.goto("/fleet");
  await problemCount(page, "failing").click();
  await expect(page).toHaveURL(/problem=failing/);
  await expect(page.getByTestId("fleet-bucket")).toHaveCount(1);
  await problemCount(page, "failing").click();
  await expect(page).not.toHaveURL(/problem=/);
  await page.getByRole("combobox", { name: "OU", exact: true }).selectOption("Payments");
  await expect(page).toHaveURL(/ou=Payments/);
  const payments = org.ACCOUNTS.filter((a) => a.state === "ACTIVE" && a.parents.includes("ou-lab0-paym0001"));
  await expect(page.getByTestId("fleet-bucket")).toHaveCount(payments.flatMap((a) => a.buckets).length);
  await page.goto("/fleet?tag=team%3Dweb");
  await expect(page.getByTestId("fleet-bucket")).toHaveCount(2);
  // Nonsense in the URL is no filter, not an error.
  await page.goto("/fleet?problem=%3Cscript%3E&show=-1&ou=");
  await expect(page.getByRole("heading", { name: "Fleet" })).toBeVisible();
});

test("a bucket opens its own bucket page", async ({ page }) => {
  await page.goto("/fleet");
  await page.getByTestId("fleet-bucket").first().getByRole("link", { name: "payments-prod-data" }).click();
  await expect(page).toHaveURL(/\/connections\/acct-410000000001\/buckets\/payments-prod-data/);
  await expect(page.getByRole("heading", { name: /payments-prod-data/ }).first()).toBeVisible();
});

test("an operator retries the failed ones from the page, and the page follows the run to its end", async ({
  page,
}) => {
  await page.goto("/fleet");
  const retry = page.getByRole("button", { name: /^Retry the failed ones \(3\)$/ });
  const before = Number(/#(\d+)/.exec((await page.getByTestId("fleet-run").textContent()) ?? "")?.[1]);
  await retry.click();
  await expect(page.getByTestId("fleet-run")).toContainText(`Fleet scan #${before + 1} partial`, {
    timeout: 60_000,
  });
  // The same three are still broken; nothing else was taken up or lost.
  await expect(page.getByRole("button", { name: /^Retry the failed ones \(3\)$/ })).toBeEnabled();
  await expect(page.getByTestId("fleet-bucket")).toHaveCount(
    org
      .members()
      .filter((a) => a.readRole === "ok")
      .flatMap((a) => a.buckets).length,
  );
});

test("an operator stops a fleet scan from the page, and goes on with it later", async ({ page }) => {
  await page.goto("/fleet");
  await page.getByRole("button", { name: "Scan the fleet", exact: true }).click();
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  await expect(page.getByTestId("fleet-run")).toContainText(/cancelled/, { timeout: 30_000 });
  await page.getByRole("button", { name: "Scan the fleet", exact: true }).click();
  await expect(page.getByTestId("fleet-run")).toContainText(/partial/, { timeout: 60_000 });
});

for (const size of [
  { name: "desk", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const) {
  test(`the fleet has no serious accessibility violation and no sideways scroll on a ${size.name}`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await page.goto("/fleet");
    await expect(page.getByTestId("fleet-bucket").first()).toBeVisible();
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}
