import { expect, test, type APIRequestContext } from "@playwright/test";
import { startLatencyProxy } from "../../scripts/lab/latency-proxy";
import { CONNECTION, MAIN_BUCKET, bucketWrittenByA, labAccounts } from "../fixtures";

// The lab answers before a page can watch a scan list or a job run. Through a connection whose every request is held
// for a while (as over a long network path), they last long enough to see what the page says meanwhile.

/**
 * A copy of the lab connection whose requests pass through a proxy that holds each for `delayMs`. `done` puts it
 * back on the lab directly (connections are not removed: it goes on like any other the tests add).
 */
async function slowConnection(request: APIRequestContext, name: string, delayMs: number) {
  const settings = await (await request.get(`/api/connections/${CONNECTION}`)).json();
  const lab = settings.connection as Record<string, unknown>;
  const proxy = await startLatencyProxy(String(lab.endpointUrl), delayMs);
  const id = `e2e-slow-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;
  const created = await request.post("/api/connections", {
    data: { ...lab, id, name, endpointUrl: proxy.url, stsEndpointUrl: proxy.url },
  });
  expect(created.status(), await created.text()).toBe(201);
  const done = async () => {
    await request.put(`/api/connections/${id}`, {
      data: { ...lab, id: undefined, name: `${name}, now direct` },
    });
    proxy.close();
  };
  return { id, done };
}

test("a scan still listing shows its elapsed time, and a share only when an earlier scan gives an estimate", async ({
  page,
  request,
}) => {
  const { id, done } = await slowConnection(request, "Slow network", 700);
  try {
    const bucketPage = `/connections/${id}/buckets/${MAIN_BUCKET}`;

    // The first scan of this scope: nothing tells how many keys there are, so no share is claimed.
    await page.goto(bucketPage);
    await page.getByRole("button", { name: "Scan bucket" }).click();
    await expect(page.getByTestId("scan-estimate")).toContainText("no earlier scan of this scope");
    await expect(page.getByRole("progressbar")).toHaveAttribute("data-indeterminate", "true");
    await expect(page.getByTestId("scan-elapsed")).toContainText(/\d+ s elapsed/);
    await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
      timeout: 60_000,
    });
    const first = new URL(page.url()).searchParams.get("scan");

    // The next scan expects as many keys as the first found, and says that it is an estimate.
    await page.getByRole("button", { name: "Scan bucket" }).click();
    await expect(page).not.toHaveURL(new RegExp(`scan=${first}$`));
    await expect(page.getByTestId("scan-estimate")).toContainText(`as scan #${first} found`);
    await expect(page.getByTestId("scan-estimate")).toContainText("An estimate until the listing ends");
    await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", /^\d+$/);
    await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
      timeout: 60_000,
    });
  } finally {
    await done();
  }
});

test("while a fix job runs, the rows of its objects say so", async ({ page, request }) => {
  const accounts = labAccounts();
  const bucket = await bucketWrittenByA(Array.from({ length: 12 }, (_, i) => `slow/${i}.txt`));
  const { id, done } = await slowConnection(request, "Slow network for fixes", 300);
  try {
    const account = await request.post(`/api/connections/${id}/accounts`, {
      data: {
        canonicalId: accounts.writer.canonicalId,
        name: "Writer",
        fixerProfile: accounts.roles.fix.profile,
      },
    });
    expect(account.ok(), await account.text()).toBe(true);
    await page.goto(`/connections/${id}/buckets/${bucket}`);
    await page.getByRole("button", { name: "Scan bucket" }).click();
    await expect(page.getByTestId("scan-status")).toHaveAttribute("data-status", "completed", {
      timeout: 60_000,
    });
    await page.getByTestId("fix-all-matching").click();
    const dialog = page.getByRole("dialog", { name: "Fix plan" });
    await dialog.getByTestId("confirm-count").fill("12");
    await dialog.getByRole("button", { name: "Fix 12 objects" }).click();
    // Rows waiting for the job, or in its hands, say so with the job's number.
    await expect(page.locator('[data-testid="row-in-job"]').first()).toContainText(
      /fix job #\d+|by job #\d+/,
    );
    await expect(page.getByTestId("fix-status")).toHaveAttribute("data-status", "completed", {
      timeout: 120_000,
    });
    // Once the job ended the rows are read again: each says what the fix found, by which job.
    await expect(page.getByTestId("row-in-job")).toHaveCount(0);
    await expect(page.getByTestId("finding-now")).toHaveCount(12);
  } finally {
    await done();
  }
});
