import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { CONNECTION, MAIN_BUCKET, seedManifest } from "../fixtures";
import type { FindingDto, ScanDto } from "../../lib/schemas/scan";

async function scanToEnd(request: APIRequestContext, body: object): Promise<ScanDto> {
  const started = await request.post("/api/scans", {
    data: { connectionId: CONNECTION, bucket: MAIN_BUCKET, ...body },
  });
  expect(started.status()).toBe(202);
  const { scanId } = await started.json();
  let scan: ScanDto | undefined;
  await expect
    .poll(
      async () => {
        scan = await (await request.get(`/api/scans/${scanId}`)).json();
        return scan!.status;
      },
      { timeout: 30_000 },
    )
    .toBe("completed");
  return scan!;
}

async function allFindings(request: APIRequestContext, scanId: number, query: Record<string, string> = {}) {
  const rows: FindingDto[] = [];
  let cursor: string | null = null;
  do {
    const search: URLSearchParams = new URLSearchParams({
      ...query,
      limit: "5",
      ...(cursor ? { cursor } : {}),
    });
    const page: { findings: FindingDto[]; nextCursor: string | null } = await (
      await request.get(`/api/scans/${scanId}/findings?${search}`)
    ).json();
    rows.push(...page.findings);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

test("a scan started over the API classifies every key as the seed manifest says", async ({ request }) => {
  const manifest = seedManifest();
  const truth = manifest.objects.filter((o) => o.bucket === MAIN_BUCKET);
  const scan = await scanToEnd(request, { mode: "full" });
  expect(scan.listed).toBe(truth.length);
  expect(scan.classified).toBe(truth.length);
  expect(scan.foreign).toBe(truth.filter((o) => o.status !== "owned").length);
  expect(JSON.stringify(scan)).not.toMatch(/"profile"|role_arn|roleArn|secret/i);

  const rows = await allFindings(request, scan.id);
  expect(rows.map((r) => r.key).sort()).toEqual(truth.map((o) => o.key).sort());
  for (const o of truth) {
    const r = rows.find((x) => x.key === o.key)!;
    expect([r.owner.id, r.status, r.bucketOwnerAccess], o.key).toEqual([
      o.ownerId,
      o.status,
      o.bucketOwnerAccess,
    ]);
    if (r.foreign) expect(r.owner.name).toBe(manifest.writer.name);
  }

  const locked = await allFindings(request, scan.id, { status: "foreign-locked" });
  expect(locked.map((r) => r.key).sort()).toEqual(
    truth
      .filter((o) => o.status === "foreign-locked")
      .map((o) => o.key)
      .sort(),
  );
  const byText = await allFindings(request, scan.id, { q: "readme" });
  expect(byText.map((r) => r.key).sort()).toEqual(
    truth
      .filter((o) => /readme/i.test(o.key))
      .map((o) => o.key)
      .sort(),
  );
  const odd = await allFindings(request, scan.id, { q: "100%" });
  expect(odd.map((r) => r.key)).toEqual(["from-user-a/odd/100%.txt"]);

  const summary = await (await request.get(`/api/scans/${scan.id}/summary`)).json();
  const writer = summary.byOwner.find((o: { ownerId: string }) => o.ownerId === manifest.writer.canonicalId);
  expect(writer.objects).toBe(truth.filter((o) => o.ownerId === manifest.writer.canonicalId).length);
  expect(writer.name).toBe(manifest.writer.name);
  // Account A's folder holds most of its keys; one starts with an emoji at the top level, a folder of its own.
  expect(summary.byPrefix[0]).toMatchObject({
    prefix: "from-user-a/",
    foreign: truth.filter((o) => o.status !== "owned" && o.key.startsWith("from-user-a/")).length,
  });

  const list = await (
    await request.get(`/api/scans?connectionId=${CONNECTION}&bucket=${MAIN_BUCKET}`)
  ).json();
  expect(list.scans.map((s: ScanDto) => s.id)).toContain(scan.id);

  const late = await request.post(`/api/scans/${scan.id}/cancel`);
  expect(late.status()).toBe(409);
});

test("scan routes answer bad input in the error shape", async ({ request }) => {
  const cases: [Promise<APIResponse>, number][] = [
    [
      request.post("/api/scans", { data: { connectionId: CONNECTION, bucket: MAIN_BUCKET, mode: "slow" } }),
      422,
    ],
    [request.post("/api/scans", { data: { connectionId: "nope", bucket: MAIN_BUCKET } }), 404],
    [
      request.post("/api/scans", {
        data: Buffer.from("{not json"),
        headers: { "content-type": "application/json" },
      }),
      400,
    ],
    [
      request.post("/api/scans", {
        data: { connectionId: CONNECTION, bucket: MAIN_BUCKET, pad: "x".repeat(70_000) },
      }),
      413,
    ],
    [request.get("/api/scans/999999"), 404],
    [request.get("/api/scans/abc"), 422],
    [request.get("/api/scans/1/findings?cursor=garbage"), 400],
    [request.get("/api/scans/1/findings?status=owned,bogus"), 422],
  ];
  for (const [response, status] of cases) {
    const r = await response;
    expect(r.status(), r.url()).toBe(status);
    const body = await r.json();
    expect(Object.keys(body)).toEqual(["error"]);
    expect(typeof body.error.code).toBe("string");
    expect(typeof body.error.message).toBe("string");
  }
});
