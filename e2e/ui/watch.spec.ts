import { createHmac } from "node:crypto";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { CONNECTION, bucketWrittenByA, writeAsA } from "../fixtures";
import type { AddressInfo } from "node:net";

// Watching a new bucket through the real gateway: set up from the watch page, an alert rule to a webhook served by
// the test, then account A writes without bucket-owner-full-control: the live finding shows without a reload, the
// webhook receives a signed alert, and the alerts page lists it.
const SECRET = "e2e-watch-webhook-secret";

test("watch: set up on the gateway, a foreign write shows live and alerts a signed webhook", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const bucket = await bucketWrittenByA(["before/watching.csv"]);
  // A bucket made a moment ago: a scan makes it one the connection knows (as an operator would start).
  const { scanId } = await (
    await request.post("/api/scans", { data: { connectionId: CONNECTION, bucket, mode: "fast" } })
  ).json();
  await expect
    .poll(async () => (await (await request.get(`/api/scans/${scanId}`)).json()).status, { timeout: 30_000 })
    .toBe("completed");
  const name = `e2e hook ${Date.now()}`;
  const channel = await request.post("/api/alerts/channels", {
    data: {
      name,
      config: {
        kind: "webhook",
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        secret: SECRET,
      },
    },
  });
  expect(channel.status()).toBe(201);
  const { id: channelId } = await channel.json();

  try {
    await page.goto(`/connections/${CONNECTION}/buckets/${bucket}`);
    await page.getByRole("link", { name: "Watch", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Watch", level: 2 })).toBeVisible();
    await expect(page.getByText("This bucket is not watched yet")).toBeVisible();
    await page.getByRole("button", { name: "Set up on the gateway" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Written:" })).toContainText(
      "notification configuration",
    );
    await expect(page.getByTestId("watch-counts")).toContainText("0 events checked");

    await page.getByLabel("Channel").selectOption(String(channelId));
    await page.getByRole("button", { name: "Add rule" }).click();
    await expect(page.getByText(`Any account: 1+ new → ${name} (webhook), at once`)).toBeVisible();

    const key = "exports/2026-12/part 0001.csv";
    await writeAsA(bucket, [key]);
    const row = page.getByTestId("live-finding").filter({ hasText: key });
    await expect(row).toBeVisible({ timeout: 15_000 });
    await expect(row).toContainText("foreign, locked");
    await expect(page.getByTestId("watch-counts")).toContainText("1 object the bucket owner cannot use");
    // On a phone each live finding is a card whose key has the screen's width, not a column of three letters.
    await page.setViewportSize({ width: 390, height: 844 });
    const card = row.getByTestId("live-key");
    await expect(card).toBeVisible();
    expect((await card.boundingBox())!.width).toBeGreaterThanOrEqual(300);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });

    await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const hook = received[0]!;
    const signature = `sha256=${createHmac("sha256", SECRET)
      .update(`${hook.headers["x-ownerscope-timestamp"]}.${hook.body}`)
      .digest("hex")}`;
    expect(hook.headers["x-ownerscope-signature"]).toBe(signature);
    expect(JSON.parse(hook.body)).toMatchObject({
      bucket,
      total: 1,
      accounts: [{ count: 1, firstKeys: [key] }],
    });

    await page.getByRole("link", { name: "Alerts", exact: true }).click();
    await expect(page.getByTestId("alert-row").filter({ hasText: bucket })).toContainText("sent");
  } finally {
    await request.delete(`/api/connections/${CONNECTION}/buckets/${bucket}/watch`);
    await request.delete(`/api/alerts/channels/${channelId}`);
    receiver.close();
  }
});
