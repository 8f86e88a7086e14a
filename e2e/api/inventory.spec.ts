// Where the server reads S3 Inventory reports from: only the destination a bucket's inventory configuration names,
// or a location an admin allowed for the connection. The gateway has no inventory configurations, so here every
// report location must be allowed first.
import { expect, request as newRequest, test } from "@playwright/test";
import { CONNECTION, MAIN_BUCKET, storageStateFor } from "../fixtures";

const locations = `/api/connections/${CONNECTION}/inventory-locations`;
const REPORT = "s3://inventory-reports/e2e/";

test("an inventory report is read only from a location an admin allowed; operators cannot allow one", async ({
  baseURL,
  request: admin,
}) => {
  const operator = await newRequest.newContext({ baseURL, storageState: storageStateFor("operator") });
  const viewer = await newRequest.newContext({ baseURL, storageState: storageStateFor("viewer") });
  const start = (location: string) =>
    operator.post("/api/scans", {
      data: { connectionId: CONNECTION, bucket: MAIN_BUCKET, inventory: location },
    });

  // Refused before a byte is read: a bucket that does not exist answers the same as one that does.
  for (const location of [REPORT, "s3://no-such-bucket-anywhere/reports/"]) {
    const refused = await start(location);
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.message).toContain(
      "is not a location this connection reads reports from",
    );
  }

  expect((await operator.post(locations, { data: { location: REPORT } })).status()).toBe(403);
  expect((await viewer.get(locations)).status()).toBe(403);
  const added = await admin.post(locations, { data: { location: "s3://inventory-reports/e2e" } });
  expect(added.status()).toBe(201);
  expect(await added.json()).toMatchObject({ location: REPORT }); // a prefix is a folder: the slash is added
  expect((await admin.post(locations, { data: { location: "https://example.com/" } })).status()).toBe(422);
  expect((await (await operator.get(locations)).json()).locations).toEqual([
    expect.objectContaining({ location: REPORT }),
  ]);

  // A prefix that only starts like the allowed one is another folder.
  expect((await start("s3://inventory-reports/e2e-other/")).status()).toBe(403);
  const started = await start(REPORT);
  expect(started.status()).toBe(202);
  await expect
    .poll(
      async () => (await (await operator.get(`/api/scans/${(await started.json()).scanId}`)).json()).status,
      {
        timeout: 30_000,
      },
    )
    .toBe("completed");

  // Removed: refused again (and the browser test that follows starts from no allowed location).
  const removed = await admin.delete(`${locations}?${new URLSearchParams({ location: REPORT })}`);
  expect(removed.status()).toBe(200);
  expect((await start(REPORT)).status()).toBe(403);
  await operator.dispose();
  await viewer.dispose();
});
