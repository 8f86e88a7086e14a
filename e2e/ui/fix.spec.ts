import path from "node:path";
import { expect, test } from "@playwright/test";
import { artifactsDir, seedManifest } from "../fixtures";

const BUCKET = "e2e-fix-ui";

test("enforce from the browser: the plan first, then the endpoint's refusal in plain words", async ({
  page,
}) => {
  await page.goto(`/connections/lab/buckets/${BUCKET}`);
  await page.getByRole("button", { name: "Scan bucket" }).click();
  await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
  await page.getByRole("button", { name: "Enforce bucket owner…" }).click();
  const dialog = page.getByRole("dialog", { name: "Enforce bucket owner" });
  const plan = dialog.getByTestId("enforce-plan");
  await expect(plan).toContainText(
    "PutBucketOwnershipControls BucketOwnerEnforced, by the bucket owner's write identity",
  );
  await expect(plan).toContainText("writers that send an ACL other than bucket-owner-full-control");
  await expect(plan).toContainText(
    "an endpoint without Object Ownership refuses the request and nothing changes",
  );
  await dialog.getByRole("button", { name: "Enforce BucketOwnerEnforced" }).click();
  const result = dialog.getByTestId("enforce-result");
  await expect(result).toHaveAttribute("data-result", "failed");
  // The lab's bucket-owner write role cannot be allowed PutBucketOwnershipControls (RGW refuses a role policy that
  // names it), so the gateway denies it before saying it does not implement it: the operator is told what to grant.
  await expect(result).toHaveText(
    "Not enforced: PutBucketOwnershipControls was denied: the identity that acts needs s3:PutBucketOwnershipControls on the bucket. Nothing was changed.",
  );
  await expect(dialog.getByRole("button", { name: "Enforce BucketOwnerEnforced" })).toBeDisabled();
  await page.screenshot({ path: path.join(artifactsDir, "enforce.png"), fullPage: true });
  await dialog.getByRole("button", { name: "Close" }).first().click();
  await expect(dialog).toBeHidden();
});

test("one click fixes one key, then a bulk fix clears the bucket; the audit log shows both", async ({
  page,
}) => {
  const manifest = seedManifest();
  const truth = manifest.objects.filter((o) => o.bucket === BUCKET);
  const foreign = truth.filter((o) => o.ownerId !== manifest.bucketOwner.canonicalId);

  await page.goto(`/connections/lab/buckets/${BUCKET}`);
  await page.getByRole("button", { name: "Scan bucket" }).click();
  await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
  // The writers' guidance is a tab beside the findings, read when opened.
  await page.getByRole("tab", { name: "Writer guidance" }).click();
  await expect(page.getByText("Stop new foreign objects: guidance for the writers")).toBeVisible();
  await expect(page.getByRole("region", { name: /^Guidance for / }).first()).toBeVisible();
  await page.getByRole("tab", { name: "Findings" }).click();

  // One click: the plan, then confirm.
  const readme = page.locator('[data-testid="finding-row"][data-key="from-user-a/README.md"]');
  await readme.getByRole("button", { name: "Fix" }).click();
  const dialog = page.getByRole("dialog", { name: "Fix plan" });
  await expect(dialog.getByTestId("plan-strategy")).toHaveText("reput then take-ownership");
  await expect(dialog.getByTestId("plan-totals")).toContainText("1 to fix");
  // The plan says what it acts on, then what it does by strategy and actor.
  await expect(dialog.getByTestId("plan-scope")).toHaveText(/^Scan #\d+: 1 key chosen\.$/);
  await expect(dialog.locator('[data-testid="plan-group"][data-decision="fix"]')).toContainText(
    "reput then take-ownership",
  );
  await page.screenshot({ path: path.join(artifactsDir, "fix-plan.png"), fullPage: true });
  await dialog.getByRole("button", { name: "Fix 1 object" }).click();
  await expect(page).toHaveURL(/fix=\d+/);
  await expect(page.getByTestId("fix-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
  await expect(page.getByTestId("fix-counts")).toContainText("1 fixed");
  // The scan keeps what it saw; what the fix found stands beside it.
  await expect(readme).not.toHaveAttribute("data-status", "owned");
  await expect(readme.getByTestId("finding-now")).toHaveAttribute("data-now-status", "owned");
  await expect(readme.getByTestId("finding-now")).toContainText(/job #\d+/);
  await expect(page.getByTestId("count-owned")).toContainText(`: ${truth.length - foreign.length}`);
  await expect(page.getByTestId("now-owned")).toHaveText(`→ ${truth.length - foreign.length + 1} now`);

  // Bulk: everything foreign that is left.
  // The bulk action names what it will touch: the keys of this view still foreign-owned.
  const fixAll = page.getByTestId("fix-all-matching");
  await expect(fixAll).toHaveText(`Fix ${foreign.length - 1} foreign keys`);
  await fixAll.click();
  await expect(dialog.getByTestId("plan-totals")).toContainText(`${foreign.length - 1} to fix`);
  await expect(dialog.getByTestId("plan-scope")).toContainText("the foreign keys of the whole scan");
  // One line per strategy and actor, adding up to the objects to fix.
  const grouped = await dialog
    .locator('[data-testid="plan-group"][data-decision="fix"] td:first-child')
    .evaluateAll((cells) =>
      cells.map((c) => Number(/^[\d,]+/.exec(c.textContent ?? "")![0].replace(/,/g, ""))),
    );
  expect(grouped.reduce((a, b) => a + b, 0)).toBe(foreign.length - 1);
  expect(grouped.length).toBeLessThan(foreign.length - 1);
  // More than ten objects: the count is typed before the start.
  const startBulk = dialog.getByRole("button", { name: `Fix ${foreign.length - 1} objects` });
  await expect(startBulk).toBeDisabled();
  await dialog.getByTestId("confirm-count").fill(String(foreign.length));
  await expect(startBulk).toBeDisabled();
  await dialog.getByTestId("confirm-count").fill(String(foreign.length - 1));
  await startBulk.click();
  // The job is in sight in the findings' sticky toolbar, wherever the operator is in the list.
  await expect(page.getByTestId("fix-job-inline")).toBeVisible();
  await expect(page.getByTestId("fix-status")).toHaveAttribute("data-status", "completed", {
    timeout: 60_000,
  });
  await expect(page.getByTestId("fix-job-inline")).toContainText(`completed: ${foreign.length - 1} fixed`);
  await expect(page.getByTestId("fix-counts")).toContainText(`${foreign.length - 1} fixed`);
  await expect(fixAll).toHaveText("Fix 0 foreign keys");
  await expect(fixAll).toBeDisabled();
  // Counts as scanned, never rewritten; "now" beside them.
  await expect(page.getByTestId("count-owned")).toContainText(`: ${truth.length - foreign.length}`);
  await expect(page.getByTestId("now-owned")).toHaveText(`→ ${truth.length} now`);
  await expect(page.getByTestId("changed-since")).toContainText(
    `changed ${foreign.length} findings (shown beside each row as “now”): 0 foreign-owned objects remain of the ${foreign.length} seen`,
  );
  await page.screenshot({ path: path.join(artifactsDir, "fix-done.png"), fullPage: true });

  // Past jobs stay listed on their own tab, each a link back to its results.
  await page.getByRole("tab", { name: "Fix jobs" }).click();
  await expect(page.getByTestId("fix-job-row")).toHaveCount(2);
  await expect(page.locator('[data-testid="fix-job-row"][data-status="completed"]')).toHaveCount(2);
  await page.getByRole("tab", { name: "Findings" }).click();

  // The drawer lists the fix among the key's history.
  await readme.getByTitle("from-user-a/README.md").click();
  const drawer = page.getByRole("dialog", { name: "Object details" });
  await expect(drawer.getByTestId("drawer-history")).toContainText("fixed");
  await drawer.getByRole("button", { name: "Close details" }).click();

  // A new scan compared with the first: every foreign key was fixed, none is new, none is gone.
  const firstScan = new URL(page.url()).searchParams.get("scan");
  await page.getByRole("button", { name: "Scan bucket" }).click();
  await expect(page).not.toHaveURL(new RegExp(`scan=${firstScan}(&|$)`));
  await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
  await page.getByRole("link", { name: "Compare scans" }).click();
  await expect(page.getByTestId("diff-fixed")).toHaveText(`Fixed: ${foreign.length}`);
  await expect(page.getByTestId("diff-new")).toHaveText("New foreign keys: 0");
  await expect(page.getByTestId("diff-gone")).toHaveText("Gone: 0");
  await page.getByTestId("diff-fixed").click();
  await expect(page.getByTestId("diff-row")).toHaveCount(foreign.length);
  await expect(page.locator('[data-testid="diff-row"][data-status="owned"]')).toHaveCount(foreign.length);
  await page.screenshot({ path: path.join(artifactsDir, "scan-diff.png"), fullPage: true });

  await page.goto(`/connections/lab/buckets/${BUCKET}`);
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.locator('[data-testid="audit-row"][data-result="fixed"]').first()).toBeVisible();
  const fixedRows = await page.locator('[data-testid="audit-row"][data-result="fixed"]').count();
  expect(fixedRows).toBeGreaterThanOrEqual(foreign.length);
});
