import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { bucketWrittenByA, CONNECTION, labAccounts, seedManifest } from "../fixtures";
import type { FixItemDto, FixJobDto } from "../../lib/schemas/fix";
import type { ScanDto } from "../../lib/schemas/scan";

const BUCKET = "e2e-fix-api";

/** Polls a scan or fix job until it has completed, and answers it. */
async function completed<T extends { status: string }>(request: APIRequestContext, url: string): Promise<T> {
  let body: T | undefined;
  await expect
    .poll(async () => (body = (await (await request.get(url)).json()) as T).status, { timeout: 60_000 })
    .toBe("completed");
  return body!;
}

async function completedScan(request: APIRequestContext, bucket = BUCKET): Promise<ScanDto> {
  const { scanId } = await (
    await request.post("/api/scans", { data: { connectionId: CONNECTION, bucket, mode: "full" } })
  ).json();
  return completed<ScanDto>(request, `/api/scans/${scanId}`);
}

test("plan, fix, verify and audit over the API", async ({ request }) => {
  const manifest = seedManifest();
  const truth = manifest.objects.filter((o) => o.bucket === BUCKET);
  const foreign = truth.filter((o) => o.ownerId !== manifest.bucketOwner.canonicalId);
  const scan = await completedScan(request);

  const plan = await (
    await request.post("/api/fixes/plan", { data: { connectionId: CONNECTION, scanId: scan.id, filter: {} } })
  ).json();
  expect(plan.totals).toMatchObject({ objects: foreign.length, toFix: foreign.length, impossible: 0 });
  const readme = plan.objects.find((o: { key: string }) => o.key === "from-user-a/README.md");
  expect(readme.decision).toEqual({ kind: "fix", strategy: "reput", then: "take-ownership", actor: "fixer" });
  expect(readme.effects.join(" ")).toMatch(/tags, if any, read before the copy/);

  const started = await request.post("/api/fixes", {
    data: { connectionId: CONNECTION, scanId: scan.id, filter: {} },
  });
  expect(started.status()).toBe(202);
  const { jobId } = await started.json();
  const job = await completed<FixJobDto>(request, `/api/fixes/${jobId}`);
  expect(job.counts).toMatchObject({ fixed: foreign.length, failed: 0, "changed-since-scan": 0 });

  const items: FixItemDto[] = (await (await request.get(`/api/fixes/${jobId}/items`)).json()).items;
  expect(items.every((i) => i.ownerAfter === manifest.bucketOwner.canonicalId)).toBe(true);

  // The scan keeps what it saw; "now" counts the fixes: nothing foreign is left.
  const after: ScanDto = await (await request.get(`/api/scans/${scan.id}`)).json();
  expect(after.foreign).toBe(scan.foreign);
  expect(after.byStatus).toEqual(scan.byStatus);
  expect(after.now).toMatchObject({ changed: foreign.length, foreign: 0 });
  expect(after.now.byStatus.owned).toBe(truth.length);

  const audit = await (
    await request.get(`/api/audit?connectionId=${CONNECTION}&bucket=${BUCKET}&jobId=${jobId}`)
  ).json();
  expect(audit.entries.filter((e: { result: string }) => e.result === "fixed").length).toBeGreaterThanOrEqual(
    foreign.length,
  );
  const csv = await request.get(`/api/audit?connectionId=${CONNECTION}&bucket=${BUCKET}&format=csv`);
  expect(csv.headers()["content-type"]).toMatch(/text\/csv/);
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toBe(
    "id,at,actor,jobId,bucket,key,versionId,action,ownerBefore,accessBefore,ownerAfter,accessAfter,result,reason,grantsBefore,grantsAfter",
  );
  expect(lines.length - 1).toBe(audit.entries.length);
  // Owners carry the names the connection gives them.
  const reput = audit.entries.find((e: { action: string }) => e.action === "reput");
  expect(reput).toMatchObject({
    ownerBefore: manifest.writer.canonicalId,
    ownerBeforeName: manifest.writer.name,
    ownerAfterName: manifest.writer.name,
  });
  // Pages continue where the last one ended, with no entry twice.
  const page = (before?: number) =>
    request
      .get(
        `/api/audit?connectionId=${CONNECTION}&bucket=${BUCKET}&jobId=${jobId}&limit=3${before ? `&before=${before}` : ""}`,
      )
      .then((r) => r.json());
  const first = await page();
  expect(first.entries).toHaveLength(3);
  expect(first.nextBefore).toBe(first.entries[2].id);
  const second = await page(first.nextBefore);
  expect(second.entries.map((e: { id: number }) => e.id)).toEqual(
    audit.entries.slice(3, 6).map((e: { id: number }) => e.id),
  );

  const retry = await request.post(`/api/fixes/${jobId}/retry`);
  expect(retry.status()).toBe(409);
  expect((await retry.json()).error.code).toBe("conflict");
});

test("enforce over the API: blockers read now, the endpoint's refusal said plainly and audited", async ({
  request,
}) => {
  const scan = await completedScan(request);
  const input = { data: { connectionId: CONNECTION, scanId: scan.id } };
  const plan = await (await request.post("/api/fixes/enforce/plan", input)).json();
  expect(plan).toMatchObject({
    bucket: BUCKET,
    request: "PutBucketOwnershipControls BucketOwnerEnforced",
    objectOwnership: { value: "ObjectWriter", confirmed: false },
    foreignObjects: scan.foreign,
    decision: { kind: "enforce" },
  });
  expect(plan.actor).toBe("the bucket owner's write identity");
  expect(plan.decision.effects.join("\n")).toMatch(/endpoint without Object Ownership refuses the request/);

  const enforced = await request.post("/api/fixes/enforce", input);
  expect(enforced.status()).toBe(200);
  expect(await enforced.json()).toEqual({
    bucket: BUCKET,
    result: "failed",
    // The lab's write role cannot be allowed the action (RGW refuses such a role policy); lib/jobs/enforce.lab.test.ts
    // covers the endpoint's own "not supported" answer with the bucket owner's keys.
    reason:
      "PutBucketOwnershipControls was denied: the identity that acts needs s3:PutBucketOwnershipControls on the bucket",
    ownerAfter: null,
    bucketOwnerAccessAfter: null,
  });
  const audit = await (await request.get(`/api/audit?connectionId=${CONNECTION}&bucket=${BUCKET}`)).json();
  expect(audit.entries).toContainEqual(
    expect.objectContaining({ action: "enforce", key: null, result: "failed", actor: expect.any(String) }),
  );
});

test("fix routes refuse bad input in the error shape", async ({ request }) => {
  const cases: [Promise<APIResponse>, number][] = [
    [request.post("/api/fixes/plan", { data: { connectionId: CONNECTION, scanId: 1 } }), 422],
    [
      request.post("/api/fixes/plan", {
        data: { connectionId: CONNECTION, scanId: 1, filter: {}, keys: [{ key: "a" }] },
      }),
      422,
    ],
    [
      request.post("/api/fixes/plan", { data: { connectionId: CONNECTION, scanId: 999999, filter: {} } }),
      404,
    ],
    [
      request.post("/api/fixes", {
        data: { connectionId: CONNECTION, scanId: 1, filter: {}, strategy: "delete" },
      }),
      422,
    ],
    [request.post("/api/fixes/enforce", { data: { connectionId: CONNECTION } }), 422],
    [request.post("/api/fixes/enforce/plan", { data: { connectionId: CONNECTION, scanId: 999999 } }), 404],
    [request.get("/api/fixes/999999"), 404],
    [request.post("/api/fixes/1/explode"), 422],
    [request.get("/api/audit?format=xml"), 422],
  ];
  for (const [response, status] of cases) {
    const r = await response;
    expect(r.status(), r.url()).toBe(status);
    expect(Object.keys(await r.json())).toEqual(["error"]);
  }
});

test("two fix jobs on one bucket at once: the second is refused with 409, naming the first", async ({
  request,
}) => {
  const bucket = await bucketWrittenByA(Array.from({ length: 40 }, (_, i) => `k/${i}`));
  const { id: scanId } = await completedScan(request, bucket);
  const body = { data: { connectionId: CONNECTION, scanId, filter: {} } };
  const answers = await Promise.all([request.post("/api/fixes", body), request.post("/api/fixes", body)]);
  const statuses = answers.map((r) => r.status()).sort();
  expect(statuses).toEqual([202, 409]);
  const first = await answers.find((r) => r.status() === 202)!.json();
  const refused = await answers.find((r) => r.status() === 409)!.json();
  expect(refused.error.code).toBe("conflict");
  expect(refused.error.message).toMatch(
    new RegExp(`^Fix job ${first.jobId} .* is running on bucket ${bucket}`),
  );
  const job = await completed<FixJobDto>(request, `/api/fixes/${first.jobId}`);
  expect(job.counts.fixed).toBe(40);
});

test("a retry acts as the connection is configured now: a fixer added, then corrected, the failures retried", async ({
  request,
}) => {
  const lab = labAccounts();
  const keys = ["in/one.csv", "in/two.csv", "in/three words.csv"];
  const bucket = await bucketWrittenByA(keys);
  const { id: scanId } = await completedScan(request, bucket);

  const settings = await (await request.get(`/api/connections/${CONNECTION}`)).json();
  const accountA = settings.accounts.find(
    (x: { canonicalId: string }) => x.canonicalId === lab.writer.canonicalId,
  );
  const saveA = (fixerProfile: string | null) =>
    request.post(`/api/connections/${CONNECTION}/accounts`, { data: { ...accountA, fixerProfile } });
  const finished = (jobId: number) => completed<FixJobDto>(request, `/api/fixes/${jobId}`);
  const failureReasons = async (jobId: number) =>
    ((await (await request.get(`/api/fixes/${jobId}/items?state=failed`)).json()).items as FixItemDto[]).map(
      (i) => i.reason,
    );
  const retried = async (jobId: number, counts: Partial<FixJobDto["counts"]>) => {
    expect((await request.post(`/api/fixes/${jobId}/retry`)).status()).toBe(202);
    await expect
      .poll(async () => (await (await request.get(`/api/fixes/${jobId}`)).json()).counts, { timeout: 30_000 })
      .toMatchObject(counts);
    return finished(jobId);
  };
  try {
    // No fixer for A: no strategy can be planned for A's locked objects.
    expect((await saveA(null)).status()).toBe(200);
    const { jobId } = await (
      await request.post("/api/fixes", {
        data: { connectionId: CONNECTION, scanId, filter: {}, strategy: "reput" },
      })
    ).json();
    expect((await finished(jobId)).counts).toMatchObject({ fixed: 0, failed: keys.length });
    expect(await failureReasons(jobId)).toEqual(
      keys.map(() => `reput is done by the owning account: configure a fixer for ${lab.writer.name}`),
    );

    // A fixer now, but B's own user, which A's ACLs keep out of A's locked objects (not a role of B's: RGW gives role
    // sessions access by policy alone, ACLs aside, as measured on the lab). The retry plans the objects and acts as that fixer.
    expect((await saveA(lab.bucketOwner.profile)).status()).toBe(200);
    await retried(jobId, { pending: 0, copying: 0, failed: keys.length });
    expect(await failureReasons(jobId)).toEqual(keys.map(() => "HeadObject was denied to the fixer"));

    // The right fixer: the next retry fixes them all.
    expect((await saveA(accountA.fixerProfile)).status()).toBe(200);
    expect((await retried(jobId, { fixed: keys.length })).counts).toMatchObject({
      fixed: keys.length,
      failed: 0,
    });
  } finally {
    await saveA(accountA.fixerProfile);
  }
});
