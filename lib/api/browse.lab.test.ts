// Integration: the browse slice against the real RGW lab, with the seed manifest as ground truth.
import { beforeAll, describe, expect, it } from "vitest";
import { bucketsOf, objectListing } from "@/lib/api/browse";
import { openDb, type Db } from "@/lib/db";
import { saveAccount, saveConnection } from "@/lib/db/connections";
import { AppError } from "@/lib/errors";
import type { ConnectionInput } from "@/lib/schemas/connection";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";
import type { SeedManifest } from "@/scripts/lab/manifest";
import { readManifest } from "@/scripts/lab/read-manifest";

const MAIN = "account-b-no-bucket";
let lab: Lab;
let manifest: SeedManifest;
let db: Db;

function connect(id: string, extra: Partial<ConnectionInput>) {
  saveConnection(db, {
    id,
    name: id,
    region: "us-east-1",
    endpointUrl: lab.endpoint,
    stsEndpointUrl: lab.endpoint,
    forcePathStyle: true,
    ...extra,
  });
  saveAccount(db, id, { canonicalId: manifest.writer.canonicalId, name: manifest.writer.name });
}

beforeAll(() => {
  lab = loadLab();
  manifest = readManifest(lab.dir);
  db = openDb(":memory:");
  connect("audit-role-profile", { profile: lab.roles.audit.profile });
  connect("plain-user", { profile: lab.bucketOwner.profile });
  connect("explicit-role", {
    profile: lab.bucketOwner.profile,
    roleArn: lab.roles.audit.arn,
    sessionName: "it",
  });
  connect("wrong-trust", { profile: lab.writer.profile, roleArn: lab.roles.audit.arn });
  connect("no-such-profile", { profile: "ownerscope-missing-profile" });
  connect("unreachable", { profile: lab.bucketOwner.profile, endpointUrl: "http://127.0.0.1:9" });
});

async function walk(connectionId: string, bucket: string) {
  const rows = new Map<string, { ownerId: string | null; foreign: boolean; ownerName: string | null }>();
  const queue = [""];
  while (queue.length) {
    const prefix = queue.shift()!;
    let cursor: string | undefined;
    do {
      // A small page size exercises cursor paging too.
      const page = await objectListing(db, { connectionId, bucket, prefix, cursor, limit: 3 });
      queue.push(...page.folders.map((f) => f.prefix));
      for (const o of page.objects) {
        expect(rows.has(o.key), `listed twice: ${o.key}`).toBe(false);
        rows.set(o.key, { ownerId: o.owner.id, foreign: o.owner.foreign, ownerName: o.owner.name });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return rows;
}

describe.each(["audit-role-profile", "plain-user", "explicit-role"])("browsing as %s", (connectionId) => {
  it("lists the seeded buckets", async () => {
    const names = (await bucketsOf(db, connectionId)).map((b) => b.name);
    for (const b of manifest.buckets) expect(names).toContain(b.name);
  });

  it("gives every key of the shared bucket the owner the seed wrote, byte for byte", async () => {
    const rows = await walk(connectionId, MAIN);
    const truth = manifest.objects.filter((o) => o.bucket === MAIN);
    expect([...rows.keys()].sort()).toEqual(truth.map((o) => o.key).sort());
    for (const o of truth) {
      const row = rows.get(o.key)!;
      expect(row.ownerId, o.key).toBe(o.ownerId);
      expect(row.foreign, o.key).toBe(o.ownerId !== manifest.bucketOwner.canonicalId);
      if (row.foreign) expect(row.ownerName).toBe(manifest.writer.name);
    }
    const longKey = truth.find((o) => Buffer.byteLength(o.key) > 1000);
    expect(longKey, "the seed has a key over 1,000 bytes").toBeDefined();
    expect(rows.has(longKey!.key)).toBe(true);
  });

  it("shows the versioned bucket's current owners (B's overwrite, A's untouched key)", async () => {
    const rows = await walk(connectionId, "account-b-versioned");
    const current = manifest.objects.filter(
      (o) => o.bucket === "account-b-versioned" && o.isLatest && !o.deleteMarker,
    );
    expect([...rows.keys()].sort()).toEqual(current.map((o) => o.key).sort());
    for (const o of current) expect(rows.get(o.key)?.ownerId, o.key).toBe(o.ownerId);
  });
});

describe("failures become errors that say what to change", () => {
  const failure = async (connectionId: string) => {
    const error = await bucketsOf(db, connectionId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };

  it("a role the identity is not trusted for is denied", async () => {
    expect((await failure("wrong-trust")).code).toBe("upstream_denied");
  });

  it("a profile that does not exist is a credentials problem", async () => {
    const error = await failure("no-such-profile");
    expect(error.code).toBe("upstream_denied");
    expect(error.message).toMatch(/credentials/);
  });

  it("an endpoint that does not answer is unreachable", async () => {
    expect((await failure("unreachable")).code).toBe("upstream_unreachable");
  });

  it("an unknown bucket is not found", async () => {
    const error = await objectListing(db, {
      connectionId: "plain-user",
      bucket: "no-such-bucket-ownerscope",
      prefix: "",
      limit: 10,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "not_found" });
  });

  it("an unknown connection is not found", async () => {
    await expect(bucketsOf(db, "nope")).rejects.toMatchObject({ code: "not_found" });
  });
});
