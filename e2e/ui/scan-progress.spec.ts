import { expect, test } from "@playwright/test";
import { startLatencyProxy } from "../../scripts/lab/latency-proxy";
import { CONNECTION, MAIN_BUCKET } from "../fixtures";

// A scan of the lab ends before a page can see it list. Through a connection whose every request is held for a
// while (as over a long network path), its listing lasts long enough to watch what the page says meanwhile.
test("a scan still listing shows its elapsed time, and a share only when an earlier scan gives an estimate", async ({
  page,
  request,
}) => {
  const settings = await (await request.get(`/api/connections/${CONNECTION}`)).json();
  const lab = settings.connection as Record<string, unknown>;
  const proxy = await startLatencyProxy(String(lab.endpointUrl), 700);
  const id = `e2e-slow-${Date.now().toString(36)}`;
  const created = await request.post("/api/connections", {
    data: { ...lab, id, name: "Slow network", endpointUrl: proxy.url, stsEndpointUrl: proxy.url },
  });
  expect(created.status(), await created.text()).toBe(201);
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
    // Connections are not removed; this one goes on as the lab's, direct, like any other the tests add.
    await request.put(`/api/connections/${id}`, {
      data: { ...lab, id: undefined, name: "Slow network, now direct" },
    });
    proxy.close();
  }
});
