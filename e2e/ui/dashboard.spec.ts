import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import {
  CONNECTION,
  MAIN_BUCKET,
  artifactsDir,
  bucketWrittenByA,
  labAccounts,
  parseCsv,
  seedManifest,
  writeAsA,
} from "../fixtures";

const bucketUrl = `/connections/${CONNECTION}/buckets/${MAIN_BUCKET}`;

async function scanMainBucket(page: Page) {
  await page.goto(bucketUrl);
  await page.getByRole("button", { name: "Scan bucket" }).click();
  await expect(page).toHaveURL(/scan=\d+/);
  await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
}

const rowKeys = (page: Page) =>
  page.getByTestId("finding-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-key")!));

test("connections: add one, test it, see a failing check say what to change, name accounts and fixers", async ({
  page,
}) => {
  const lab = labAccounts();
  await page.goto("/");
  await page.getByRole("link", { name: "Add connection" }).click();
  await page.getByLabel("Connection ID").fill("e2e-added");
  await page.getByLabel("Name", { exact: true }).fill("Added in the browser");
  await page.getByLabel("AWS profile").fill(lab.roles.audit.profile);
  await page.getByLabel(/^Endpoint URL/).fill(lab.endpoint);
  await page.getByLabel("STS endpoint URL").fill(lab.endpoint);
  await page.getByLabel("Path-style addressing").check();
  await page.getByRole("button", { name: "Add connection" }).click();
  await expect(page).toHaveURL(/\/connections\/e2e-added\/settings$/);

  // Every call Ownerscope needs passes.
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-verdict")).toHaveText("Every check passed.");
  await expect(page.locator('[data-testid="check"][data-ok="true"]')).toHaveCount(5);

  // A fixer for the foreign account: its AssumeRole is checked too.
  await page.getByLabel("Canonical ID").fill(lab.writer.canonicalId);
  await page.getByLabel("Name", { exact: true }).last().fill("Partner A");
  await page.getByLabel("Fixer profile").fill(lab.roles.fix.profile);
  await page.getByRole("button", { name: "Add account" }).click();
  await expect(page.locator('[data-testid="account-row"][data-name="Partner A"]')).toContainText(
    `profile ${lab.roles.fix.profile}`,
  );
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("check").last()).toContainText("AssumeRole of a fixer (Partner A)");
  await expect(page.getByTestId("check").last()).toHaveAttribute("data-ok", "true");
  await page.screenshot({ path: path.join(artifactsDir, "connection-settings.png"), fullPage: true });

  // Edit the account, then remove it.
  await page
    .locator('[data-testid="account-row"][data-name="Partner A"]')
    .getByRole("button", { name: "Edit" })
    .click();
  await page.getByLabel("Name", { exact: true }).last().fill("Partner A (logs)");
  await page.getByRole("button", { name: "Save account" }).click();
  await expect(page.locator('[data-testid="account-row"][data-name="Partner A (logs)"]')).toBeVisible();
  const partner = page.locator('[data-testid="account-row"][data-name="Partner A (logs)"]');
  // Removing asks once more, in place; Keep leaves it.
  await partner.getByRole("button", { name: "Remove" }).click();
  await partner.getByRole("button", { name: "Keep" }).click();
  await expect(partner).toBeVisible();
  await partner.getByRole("button", { name: "Remove" }).click();
  await partner.getByRole("button", { name: "Yes, remove Partner A (logs)" }).click();
  await expect(page.getByTestId("account-row")).toHaveCount(0);

  // A role whose trust policy refuses this identity: the failure names the trust policy and the external ID.
  const form = page.getByRole("form", { name: "Connection" });
  await form.getByLabel("AWS profile").fill(lab.writer.profile);
  await form.getByLabel("Read role ARN").fill(lab.roles.audit.arn);
  await form.getByLabel("External ID").fill("not-the-right-id");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved.");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-verdict")).toHaveText("Some checks failed: see what to change below.");
  const refused = page.locator('[data-testid="check"][data-ok="false"]');
  await expect(refused).toContainText("trust policy");
  await expect(refused).toContainText("sts:ExternalId");

  // An endpoint nothing listens on: the failure says so.
  await form.getByLabel("Read role ARN").fill("");
  await form.getByLabel("External ID").fill("");
  await form.getByLabel("AWS profile").fill(lab.bucketOwner.profile);
  await form.getByLabel(/^Endpoint URL/).fill("http://127.0.0.1:9");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved.");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.locator('[data-testid="check"][data-ok="false"]')).toContainText(
    "http://127.0.0.1:9 is unreachable",
  );

  // Put it back, so the overview stays clean for the next tests.
  await form.getByLabel(/^Endpoint URL/).fill(lab.endpoint);
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved.");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Added in the browser" })).toBeVisible();
});

test("buckets overview: posture of every bucket, one click to scan, foreign keys by account, sortable", async ({
  page,
}) => {
  const manifest = seedManifest();
  const foreign = manifest.objects.filter(
    (o) => o.bucket === MAIN_BUCKET && o.ownerId !== manifest.bucketOwner.canonicalId,
  );
  await page.goto("/");
  const table = page.getByRole("table", { name: `Buckets of ${CONNECTION}` });
  const main = table.locator(`[data-testid="bucket-row"][data-bucket="${MAIN_BUCKET}"]`);
  // Every bucket's settings are read live, for every connection: on a lab that earlier tests filled with buckets,
  // the last of them can take a while.
  await expect(main.getByTestId("ownership")).toContainText("ObjectWriter", { timeout: 20_000 });
  // The lab's main bucket lets account A write without bucket-owner-full-control; the clean one requires it.
  await expect(main.getByTestId("requires-bofc")).toHaveText("no");
  await expect(
    table.locator('[data-testid="bucket-row"][data-bucket="account-b-clean"]').getByTestId("requires-bofc"),
  ).toHaveText("yes");

  await main.getByRole("button", { name: "Scan" }).click();
  await expect(page).toHaveURL(new RegExp(`${MAIN_BUCKET}\\?scan=\\d+`));
  await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });

  await page.goto("/");
  await expect(main.getByTestId("foreign-keys")).toContainText(String(foreign.length), { timeout: 20_000 });
  await expect(main.getByTestId("foreign-keys")).toContainText(`${manifest.writer.name}: ${foreign.length}`);
  await page.screenshot({ path: path.join(artifactsDir, "buckets-overview.png"), fullPage: true });

  await table.getByRole("link", { name: "Foreign keys (last scan)" }).click();
  await expect(page).toHaveURL(new RegExp(`sort-${CONNECTION}=foreign`));
  const counts = await table
    .getByTestId("foreign-keys")
    .evaluateAll((cells) =>
      cells.map((c) => Number(/^\d[\d,]*/.exec(c.textContent ?? "")?.[0]?.replace(/,/g, "") ?? -1)),
    );
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
  expect(counts[0]).toBeGreaterThanOrEqual(foreign.length);
});

test("overview as a dashboard: totals per connection, foreign keys new since the scan before, stale buckets", async ({
  page,
  request,
}) => {
  const bucket = await bucketWrittenByA(["in/1.txt"]);
  const scanOf = async () => {
    const { scanId } = await (
      await request.post("/api/scans", { data: { connectionId: CONNECTION, bucket, mode: "full" } })
    ).json();
    await expect
      .poll(async () => (await (await request.get(`/api/scans/${scanId}`)).json()).status, {
        timeout: 30_000,
      })
      .toBe("completed");
    return scanId as number;
  };
  const first = await scanOf();
  await writeAsA(bucket, ["in/2.txt", "in/3.txt"]);
  await scanOf();

  await page.goto("/");
  // Every connection lists the lab's buckets: the lab connection's part of the page.
  const lab = page.locator(`[data-connection="${CONNECTION}"]`);
  const row = lab.locator(`[data-testid="bucket-row"][data-bucket="${bucket}"]`);
  await expect(row.getByTestId("foreign-keys")).toHaveText(/^3\b/);
  await expect(row.getByTestId("new-since")).toHaveText(`+2 new since #${first}`);
  // Column headers say what they count.
  await expect(lab.getByRole("columnheader", { name: "Writers must send bofc" })).toHaveAttribute(
    "title",
    /bucket-owner-full-control/,
  );

  // The totals add up the newest scan of every bucket, as the overview's rows have them.
  const { buckets } = (await (await request.get(`/api/connections/${CONNECTION}/overview`)).json()) as {
    buckets: { name: string; lastScan: { foreign: number; locked: number; finishedAt: string } | null }[];
  };
  const scanned = buckets.flatMap((b) => (b.lastScan ? [b.lastScan] : []));
  const totals = lab.getByTestId("connection-totals");
  const sum = (pick: (s: (typeof scanned)[number]) => number) =>
    scanned.reduce((n, s) => n + pick(s), 0).toLocaleString("en-US");
  await expect(totals.getByTestId("total-foreign")).toHaveText(sum((s) => s.foreign));
  await expect(totals.getByTestId("total-locked")).toHaveText(sum((s) => s.locked));
  await expect(totals.getByTestId("total-unscanned")).toHaveText(String(buckets.length - scanned.length));
  // The lab's main bucket lets A write without bucket-owner-full-control, and so does every bucket made here.
  await expect(totals.getByTestId("total-lax")).toContainText(`of ${buckets.length} buckets`);
  // Each bucket's policy is read on its own, a bucket at a time: the lab holds more buckets with every test that makes one.
  await expect(totals.getByText("still reading")).toHaveCount(0, { timeout: 30_000 });
  expect(Number((await totals.getByTestId("total-lax").textContent())!.split(" ")[0])).toBeGreaterThanOrEqual(
    2,
  );

  // Never scanned, or scanned more than a week ago: stale. The bucket scanned a moment ago is not.
  const stale = buckets.filter((b) => !b.lastScan).length;
  await expect(lab.getByTestId("scan-stale")).toHaveText(
    stale === 0 ? "No stale bucket" : `Scan ${stale} stale bucket${stale === 1 ? "" : "s"}`,
  );
});

test("scan stale buckets: one scan asked for each, and what the server refused is named with its reason", async ({
  page,
  request,
}) => {
  // Two buckets never scanned: at least two are stale, so one is started and one refused below.
  const fresh = await bucketWrittenByA(["k.txt"]);
  await bucketWrittenByA(["k.txt"]);
  await page.goto("/");
  const { buckets } = (await (await request.get(`/api/connections/${CONNECTION}/overview`)).json()) as {
    buckets: { name: string; lastScan: { finishedAt: string } | null }[];
  };
  const stale = buckets
    .filter((b) => !b.lastScan || Date.now() - Date.parse(b.lastScan.finishedAt) > 7 * 86_400_000)
    .map((b) => b.name);
  expect(stale).toContain(fresh);
  // The server's answers are stood in for here, so that no real scan starts under the other tests: the first is
  // started, the rest refused as the server refuses past its limit of scans at once.
  const asked: { bucket: string; mode: string; prefix: string; connectionId: string }[] = [];
  await page.route("**/api/scans", async (route) => {
    if (route.request().method() !== "POST") return route.fallback();
    asked.push(route.request().postDataJSON());
    if (asked.length === 1) return route.fulfill({ status: 202, json: { scanId: 999_999 } });
    return route.fulfill({
      status: 429,
      json: { error: { code: "too_many_requests", message: "8 scans are running: wait for one to end." } },
    });
  });
  const lab = page.locator(`[data-connection="${CONNECTION}"]`);
  await lab.getByTestId("scan-stale").click();
  const outcome = lab.getByTestId("scan-stale-outcome");
  await expect(outcome).toContainText(`Started 1 scan.`);
  expect(asked.map((a) => a.bucket).sort()).toEqual([...stale].sort());
  expect(asked.every((a) => a.mode === "full" && a.prefix === "" && a.connectionId === CONNECTION)).toBe(
    true,
  );
  await expect(outcome).toContainText(`${stale.at(-1)} (8 scans are running: wait for one to end.)`);
});

test("browse a scan: folders, filters, sort, keyboard, the object drawer, and exports of the filtered view", async ({
  page,
}) => {
  const manifest = seedManifest();
  const truth = manifest.objects.filter((o) => o.bucket === MAIN_BUCKET);
  const locked = truth.filter((o) => o.status === "foreign-locked");
  const largest = truth.reduce((a, b) => (b.size > a.size ? b : a));
  await scanMainBucket(page);
  await expect(page.getByTestId("match-count")).toHaveText(`${truth.length} keys match`);

  // Folders: one level at a time, with breadcrumbs back.
  await page.locator('[data-testid="folder"][data-prefix="from-user-a/"]').click();
  await expect(page).toHaveURL(/prefix=from-user-a%2F/);
  const under = truth.filter((o) => o.key.startsWith("from-user-a/"));
  await expect(page.getByTestId("match-count")).toHaveText(`${under.length} keys match`);
  expect((await rowKeys(page)).sort()).toEqual(under.map((o) => o.key).sort());
  await expect(page.locator('[data-testid="folder"][data-prefix="from-user-a/odd/"]')).toBeVisible();
  await page.getByRole("navigation", { name: "Folder" }).getByRole("link", { name: MAIN_BUCKET }).click();
  await expect(page.getByTestId("match-count")).toHaveText(`${truth.length} keys match`);

  // Status, owner and size filters, each in the URL (folded under Filters until asked for).
  await page.getByRole("button", { name: /^Filters/ }).click();
  await page.getByLabel("Status", { exact: true }).selectOption("foreign-locked");
  await expect(page).toHaveURL(/status=foreign-locked/);
  await expect(page.getByTestId("match-count")).toHaveText(`${locked.length} keys match`);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.getByLabel("Owner account").selectOption(manifest.writer.canonicalId);
  await expect(page.getByTestId("match-count")).toHaveText(
    `${truth.filter((o) => o.ownerId === manifest.writer.canonicalId).length} keys match`,
  );
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.getByLabel("Min size").fill("1 MB");
  await page.getByLabel("Min size").press("Enter");
  await expect(page).toHaveURL(/minSize=1048576/);
  await expect(page.getByTestId("finding-row")).toHaveCount(1);
  await expect(page.getByTestId("finding-row")).toHaveAttribute("data-key", largest.key);
  await page.getByRole("button", { name: "Clear filters" }).click();

  // Sort by size, largest first.
  await page.getByLabel("Sort by").selectOption("size");
  await page.getByRole("button", { name: "Ascending: switch to descending" }).click();
  await expect(page).toHaveURL(/sort=size&dir=desc|dir=desc&sort=size/);
  await expect(page.getByTestId("finding-row").first()).toHaveAttribute("data-key", largest.key);
  // The server orders ties by key, byte by byte (code units here), descending with the size.
  const bySize = [...truth].sort((a, b) => b.size - a.size || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));

  // Keyboard: the table takes focus, arrows move, Enter opens the drawer on the active row.
  await page.getByRole("region", { name: /^Findings/ }).focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  const drawer = page.getByRole("dialog", { name: "Object details" });
  await expect(drawer.getByRole("heading", { level: 2 })).toHaveText(bySize[2]!.key);
  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);

  // The drawer: a locked key's owner and grants, read now, and a fix button; an owned key's headers and no fix.
  // A click on the key opens the drawer (a click on the owner filters by it instead).
  await page
    .locator('[data-testid="finding-row"][data-key="from-user-a/README.md"]')
    .getByTitle("from-user-a/README.md")
    .click();
  await expect(page).toHaveURL(/obj=from-user-a%2FREADME\.md/);
  await expect(drawer.getByTestId("drawer-owner")).toHaveText(manifest.writer.name);
  await expect(drawer.getByTestId("drawer-grants")).toContainText(`${manifest.writer.name} · FULL_CONTROL`);
  await expect(drawer.getByRole("button", { name: "Fix this key" })).toBeVisible();
  await page.screenshot({ path: path.join(artifactsDir, "object-drawer.png") });
  await drawer.getByRole("button", { name: "Close details" }).click();
  const readable = truth.find((o) => o.status === "owned" && o.contentType)!;
  await page
    .locator(`[data-testid="finding-row"][data-key="${readable.key}"]`)
    .getByTitle(readable.key)
    .click();
  await expect(drawer).toContainText(readable.contentType!);
  await expect(drawer.getByRole("button", { name: "Fix this key" })).toHaveCount(0);
  await drawer.getByRole("button", { name: "Close details" }).click();

  // Exports hold exactly the filtered view, odd keys included.
  await page.getByLabel("Sort by").selectOption("key");
  await page.getByLabel("Status", { exact: true }).selectOption("foreign-locked");
  await expect(page.getByTestId("match-count")).toHaveText(`${locked.length} keys match`);
  const exportMenu = page.getByTestId("export-menu").locator("summary");
  await exportMenu.click();
  const [csv] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const rows = parseCsv(fs.readFileSync((await csv.path())!, "utf8"));
  const column = (name: string) => rows[0]!.indexOf(name);
  expect(
    rows
      .slice(1)
      .map((r) => r[column("key")])
      .sort(),
  ).toEqual(locked.map((o) => o.key).sort());
  expect(rows.slice(1).every((r) => r[column("status")] === "foreign-locked")).toBe(true);
  await exportMenu.click();
  const [json] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export JSON" }).click(),
  ]);
  const exported = JSON.parse(fs.readFileSync((await json.path())!, "utf8")) as {
    findings: { key: string; size: number }[];
  };
  expect(exported.findings.map((f) => f.key).sort()).toEqual(locked.map((o) => o.key).sort());
  expect(exported.findings.find((f) => f.key === largest.key)?.size).toBe(largest.size);

  // The print-friendly report keeps the filter and charts the whole scan.
  await page.getByTestId("export-menu").locator("summary").click();
  await page.getByRole("link", { name: "Report" }).click();
  await expect(page.getByRole("heading", { name: `Ownership report: ${MAIN_BUCKET}` })).toBeVisible();
  await expect(page.getByTestId("report-row")).toHaveCount(locked.length);
  await expect(page.getByRole("list", { name: "Keys by status" })).toContainText(String(locked.length));
  await expect(page.getByRole("list", { name: "Keys by owner account" })).toContainText(manifest.writer.name);
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: path.join(artifactsDir, "scan-report-print.png"), fullPage: true });
});

test("the report is an audit document: title block, foreign keys first by status then size, one colour per status, paper without the app", async ({
  page,
}) => {
  const manifest = seedManifest();
  const truth = manifest.objects.filter((o) => o.bucket === MAIN_BUCKET);
  await scanMainBucket(page);
  const chipColour = await page
    .getByTestId("count-foreign-locked")
    .locator("span[aria-hidden]")
    .evaluate((dot) => getComputedStyle(dot).backgroundColor);
  await page.getByTestId("export-menu").locator("summary").click();
  await page.getByRole("link", { name: "Report" }).click();

  const title = page.getByTestId("report-title");
  await expect(title).toContainText(`(${CONNECTION})`);
  await expect(title).toContainText(MAIN_BUCKET);
  await expect(title).toContainText("the whole bucket");
  await expect(page.getByTestId("report-generated")).toContainText("by e2e-admin");

  // What the owner cannot touch comes first; within a status, the largest first.
  await expect(page.getByTestId("report-row")).toHaveCount(truth.length);
  const rows = await page
    .getByTestId("report-row")
    .evaluateAll((trs) =>
      trs.map((r) => [r.getAttribute("data-status")!, Number(r.getAttribute("data-size"))] as const),
    );
  const order = ["foreign-locked", "foreign-readable", "foreign-full-control", "unknown", "owned"];
  for (let i = 1; i < rows.length; i++) {
    const [was, now] = [rows[i - 1]!, rows[i]!];
    expect(order.indexOf(now[0])).toBeGreaterThanOrEqual(order.indexOf(was[0]));
    if (now[0] === was[0]) expect(now[1]).toBeLessThanOrEqual(was[1]);
  }

  // A status has the same colour in the report's charts as on the bucket page's chips.
  const bar = page
    .getByRole("list", { name: "Keys by status" })
    .locator("li", { hasText: "foreign, locked" })
    .locator("svg rect")
    .nth(1);
  expect(await bar.evaluate((rect) => getComputedStyle(rect).fill)).toBe(chipColour);

  // On paper: the app's header and the buttons are left out; the title block stays.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(title).toBeVisible();
  await page.pdf({ path: path.join(artifactsDir, "scan-report.pdf") });
});
