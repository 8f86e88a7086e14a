import { expect, test } from "@playwright/test";
import { CONNECTION, MAIN_BUCKET, objectsUrl, seedManifest } from "../fixtures";
import type { ObjectListingDto } from "../../lib/schemas/listing";

test("lists the connection without leaking its profile or role", async ({ request }) => {
  const response = await request.get("/api/connections");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.connections.map((c: { id: string }) => c.id)).toContain(CONNECTION);
  expect(JSON.stringify(body)).not.toMatch(/profile|role|secret|audit/i);
});

test("lists the seeded buckets", async ({ request }) => {
  const body = await (await request.get(`/api/connections/${CONNECTION}/buckets`)).json();
  const names = body.buckets.map((b: { name: string }) => b.name);
  for (const bucket of seedManifest().buckets) expect(names).toContain(bucket.name);
});

test("names and flags every key's owner exactly as the seed wrote it", async ({ request }) => {
  const manifest = seedManifest();
  const truth = manifest.objects.filter((o) => o.bucket === MAIN_BUCKET);
  const seen = new Map<string, ObjectListingDto["objects"][number]>();
  // Walk every folder of the bucket through the API, as the browser does.
  const queue = [""];
  while (queue.length) {
    const prefix = queue.shift()!;
    const response = await request.get(objectsUrl(MAIN_BUCKET, prefix));
    expect(response.status(), prefix).toBe(200);
    const page = (await response.json()) as ObjectListingDto;
    expect(page.bucketOwner.id).toBe(manifest.bucketOwner.canonicalId);
    queue.push(...page.folders.map((f) => f.prefix));
    for (const o of page.objects) seen.set(o.key, o);
  }
  expect([...seen.keys()].sort()).toEqual(truth.map((o) => o.key).sort());
  for (const o of truth) {
    const row = seen.get(o.key)!;
    expect(row.owner.id, o.key).toBe(o.ownerId);
    expect(row.owner.foreign, o.key).toBe(o.ownerId !== manifest.bucketOwner.canonicalId);
    expect(row.size, o.key).toBe(o.size);
  }
});

test("answers bad input and missing things in the error shape", async ({ request }) => {
  const bad = await request.get(`/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/objects?limit=-5`);
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.code).toBe("invalid_input");

  const noConnection = await request.get("/api/connections/nope/buckets");
  expect(noConnection.status()).toBe(404);
  expect(await noConnection.json()).toEqual({
    error: { code: "not_found", message: expect.stringContaining("nope") },
  });

  const badId = await request.get("/api/connections/NOT%20A%20SLUG/buckets");
  expect(badId.status()).toBe(422);

  const noBucket = await request.get(objectsUrl("no-such-bucket-here", ""));
  expect(noBucket.status()).toBe(404);
  const body = await noBucket.json();
  expect(body.error.code).toBe("not_found");
  expect(JSON.stringify(body)).not.toMatch(/RequestId|HostId|\$metadata/);
});
