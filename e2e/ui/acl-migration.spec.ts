import path from "node:path";
import { expect, test } from "@playwright/test";
import { CONNECTION, artifactsDir, bucketWrittenByA, labAccounts } from "../fixtures";

// The seeded disable-ACLs scenario (scripts/lab/acl-scenario.ts) and its logs. The test changes the bucket's policy
// and ACL through the cutover, then rolls them back, leaving the bucket as the seed wrote it.
const BUCKET = "account-b-acl-migration";
const LOGS = "account-b-logs";

test("disable ACLs: the report, the logs' evidence, the policy, then each step confirmed, and the rollback", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const { scanId } = await (
    await request.post("/api/scans", { data: { connectionId: CONNECTION, bucket: BUCKET, mode: "full" } })
  ).json();
  await expect
    .poll(async () => (await (await request.get(`/api/scans/${scanId}`)).json()).status, { timeout: 30_000 })
    .toBe("completed");
  const policyBefore = (
    await (await request.get(`/api/connections/${CONNECTION}/buckets/${BUCKET}/acl-migration`)).json()
  ).translation.before as string;

  await page.goto(`/connections/${CONNECTION}/buckets/${BUCKET}`);
  await page.getByRole("link", { name: "Disable ACLs" }).click();
  await expect(page.getByRole("heading", { name: "Disable ACLs", level: 2 })).toBeVisible();
  await expect(page.getByTestId("readiness-verdict")).toContainText(
    "Not ready: 1 blocking, 3 losing access, 1 refused",
  );
  // First, in one sentence: what enforcing would do to people, and what the policy keeps.
  await expect(page.getByTestId("migration-summary")).toContainText(
    /^1 setting must change first\. Enforcing would cut off 3 readers and refuse 1 writer; the translated policy keeps \d+ of them\./,
  );
  const item = (severity: string) =>
    page.locator(`[data-testid="readiness-item"][data-severity="${severity}"]`);
  await expect(item("blocks")).toContainText("The bucket ACL grants READ to Account C");
  await expect(item("writer-refused")).toContainText(
    'Statement "WritersMustSendPublicRead" requires writes with public-read',
  );

  // The logs: who reads through ACLs, who sends other ACLs.
  await page.getByLabel("Server access logs").fill(`s3://${LOGS}/access-logs/`);
  await page.getByLabel("CloudTrail").fill(`s3://${LOGS}/cloudtrail/`);
  await page.getByRole("button", { name: "Read logs" }).click();
  await expect(page.getByTestId("evidence-sources")).toContainText(
    "9 access-log lines, 3 CloudTrail records",
  );
  const lab = labAccounts() as ReturnType<typeof labAccounts> & { thirdParty: { arn: string } };
  await expect(page.getByTestId("evidence-table").locator('tr[data-depends="true"]')).toHaveCount(3);
  await expect(page.getByTestId("readiness-verdict")).toContainText("5 losing access, 2 refused");
  await expect(page.getByTestId("migration-summary")).toContainText(
    "Enforcing would cut off 5 readers and refuse 2 writers",
  );
  await expect(
    item("reader-loses").filter({ hasText: "anonymous read through an ACL 1 time" }),
  ).toBeVisible();

  // The policy keeps the grants; public ones only by choice, and the choice is in the URL.
  await expect(page.getByTestId("policy-summary")).toContainText("3 statements added");
  await expect(page.getByTestId("policy-diff")).toContainText(`arn:aws:s3:::${BUCKET}/shared/partner/*`);
  await page.getByLabel(/Also translate public grants/).check();
  await expect(page).toHaveURL(/[?&]public=1/);
  await expect(page.getByTestId("policy-summary")).toContainText("4 statements added");
  await page.getByLabel(/Also translate public grants/).uncheck();
  await expect(page).not.toHaveURL(/[?&]public=1/);
  await expect(page.getByTestId("policy-summary")).toContainText("3 statements added");
  await page.screenshot({ path: path.join(artifactsDir, "acl-migration.png"), fullPage: true });

  // The snapshot, then each step, confirmed.
  await page.getByRole("button", { name: "Take the snapshot" }).click();
  await expect(page.getByTestId("rollback-preview")).toContainText(
    "Re-enabling ACLs returns 5 objects to their writers",
  );
  const step = (name: string) => page.locator(`[data-testid="cutover-step"][data-step="${name}"]`);
  for (const name of ["policy", "bucket-acl"]) {
    await step(name).getByRole("button", { name: "Run this step…" }).click();
    await step(name)
      .getByRole("button", { name: /^Confirm:/ })
      .click();
    await expect(step(name)).toHaveAttribute("data-state", "done");
  }
  await step("enforce").getByRole("button", { name: "Run this step…" }).click();
  // Breaking people is chosen in the step's own confirmation, with what it would do in sight.
  const confirmEnforce = step("enforce").getByRole("button", {
    name: "Confirm: set Object Ownership to BucketOwnerEnforced",
  });
  await expect(confirmEnforce).toBeDisabled();
  await expect(step("enforce").getByTestId("accept-breakers")).toContainText(
    /Enforcing would cut off \d+ readers? and refuse \d+ writers?/,
  );
  await step("enforce").getByTestId("accept-breakers").getByRole("checkbox").check();
  await confirmEnforce.click();
  await expect(step("enforce")).toHaveAttribute("data-state", "stopped");
  await expect(step("enforce")).toContainText("This endpoint does not implement Object Ownership");
  await expect(step("rescan")).toHaveAttribute("data-state", "waiting");

  // The rollback puts the policy back as it was.
  await page.getByRole("button", { name: "Roll back…" }).click();
  await page.getByRole("button", { name: "Confirm: put the snapshot's settings back" }).click();
  await expect(page.getByTestId("rollback-result")).toContainText(
    "done Restore the bucket policy from the snapshot",
  );
  // The steps say what the bucket is now: the ones done are undone by the rollback, not left a green "done".
  for (const name of ["policy", "bucket-acl"])
    await expect(step(name)).toHaveAttribute("data-state", "rolled back");
  const after = (
    await (await request.get(`/api/connections/${CONNECTION}/buckets/${BUCKET}/acl-migration`)).json()
  ).translation.before as string;
  expect(after).toBe(policyBefore);
  expect(lab.thirdParty.arn).toMatch(/^arn:/);
});

test("disable ACLs before any scan: a way to scan, not an error", async ({ page }) => {
  const bucket = await bucketWrittenByA(["unscanned.txt"]);
  await page.goto(`/connections/${CONNECTION}/buckets/${bucket}/acl-migration`);
  await expect(page.getByText("Scan this bucket first")).toBeVisible();
  await expect(page.locator('div[role="alert"].border-red-200')).toHaveCount(0);
  await page.getByRole("link", { name: "Go to the findings and scan it" }).click();
  await expect(page.getByRole("button", { name: "Scan bucket" })).toBeVisible();
});
