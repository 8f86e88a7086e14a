// Integration: a scan lists its bucket in pieces at once on the lab's gateway, and still finds every key once:
// Unicode keys (emoji, CJK, accents), keys that are prefixes of others, a foreign writer's keys among B's; and a
// scan stopped in the middle of its listing goes on from each piece's place to the same findings. Some names hold
// what the listing's URL encoding and XML must carry back unchanged: a space, a plus, a percent escape, a control
// character XML 1.0 cannot hold, a carriage return, the XML specials, white space alone.
import { DeleteObjectCommand, PutBucketVersioningCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { iterateFindings } from "@/lib/db/findings";
import { getScan } from "@/lib/db/scans";
import { runScan } from "@/lib/jobs/scan-runner";
import { prepareScan } from "@/lib/jobs/scans";
import { compareKeys } from "@/lib/keys";
import { createSharedBucket, pool } from "@/scripts/lab/generate";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";

let lab: Lab;
let db: Db;
const bucket = `pieces-${Date.now().toString(36)}`;
const names = [
  "a",
  "é",
  "z",
  "日本",
  "😀",
  "ß",
  "0",
  "~",
  "Z",
  "ü/ö",
  "a b+c",
  "p%41",
  "x\u0001y",
  "cr\rz",
  "&<'>\"",
];
// 900 keys: every name, under folders, as prefixes of one another, some written by the foreign account.
const keys = Array.from({ length: 900 }, (_, i) => {
  const name = names[i % names.length]!;
  const folder = names[Math.floor(i / names.length) % names.length]!;
  return i % 7 === 0 ? `${folder}/${name}` : `${folder}/${name}/${String(i).padStart(4, "0")}-${name}`;
});
// Keys of white space alone: the SDK's XML parser reads "\n" and "\n\t" as "" (measured on the lab).
keys.push("\n", "\n\t", " ");
const foreign = new Set(keys.filter((_, i) => i % 23 === 0));

beforeAll(async () => {
  lab = loadLab();
  db = openDb(":memory:");
  await createSharedBucket(lab, bucket);
  await pool(keys, 16, async (key) => {
    const writer = foreign.has(key) ? lab.a : lab.b;
    await writer.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
  });
}, 120_000);

const prepare = (mode: "fast" | "full", scope = { bucket, versions: false }) =>
  prepareScan(
    db,
    {
      connectionId: null,
      target: lab.target(lab.roles.audit.profile),
      prefix: "",
      mode,
      concurrency: 8,
      ...scope,
    },
    false,
  ).scanId;

/** Runs a scan in pages of 25, to its end; with the most pieces it listed at once. */
async function scanInPieces(scanId: number) {
  let mostPieces = 0;
  const record = await runScan(db, scanId, {
    pageSize: 25,
    flushEveryMs: 1,
    onProgress: (p) => (mostPieces = Math.max(mostPieces, p.listing?.length ?? 0)),
  });
  return { record, mostPieces };
}

function expectEveryKeyOnce(scanId: number) {
  const found = [...iterateFindings(db, scanId)];
  expect(found.map((f) => f.key).sort(compareKeys)).toEqual([...keys].sort(compareKeys));
  const ownerId = getScan(db, scanId)!.bucketOwnerId;
  for (const f of found) expect(f.owner.id !== ownerId, f.key).toBe(foreign.has(f.key));
}

describe("a listing in pieces", () => {
  it.each(["fast", "full"] as const)("a %s scan lists in pieces and finds every key once", async (mode) => {
    const scanId = prepare(mode);
    const { record, mostPieces } = await scanInPieces(scanId);
    expect(record.status).toBe("completed");
    expect(record.listed).toBe(keys.length);
    // Listed in pieces at once; none is left to list (only pieces still to list are stored).
    expect(mostPieces).toBeGreaterThan(2);
    expect(record.listing).toEqual([]);
    expectEveryKeyOnce(scanId);
  });

  it("a scan stopped mid-listing goes on from each piece's place to the same findings", async () => {
    const scanId = prepare("fast");
    const stop = new AbortController();
    await runScan(db, scanId, {
      pageSize: 25,
      signal: stop.signal,
      flushEveryMs: 1,
      onProgress: (s) => {
        if (s.listed >= 200 && (s.listing?.length ?? 0) > 1) stop.abort(new Error("stopped for the test"));
      },
    });
    const stopped = getScan(db, scanId)!;
    expect(stopped.listingDone).toBe(false);
    expect(stopped.listing!.some((p) => !p.done)).toBe(true);
    const record = await runScan(db, scanId, { pageSize: 25 });
    expect(record.status).toBe("completed");
    expect(record.listed).toBe(keys.length);
    expectEveryKeyOnce(scanId);
  });
});

describe("a versions listing in pieces", () => {
  const versioned = `${bucket}-v`;
  // Every version and delete marker written, as S3 answered the writes: the truth the scan must find once each.
  const written: string[] = [];
  const someKeys = keys.filter((_, i) => i % 3 === 0);

  beforeAll(async () => {
    await createSharedBucket(lab, versioned);
    await lab.b.send(
      new PutBucketVersioningCommand({ Bucket: versioned, VersioningConfiguration: { Status: "Enabled" } }),
    );
    await pool(someKeys, 16, async (key) => {
      for (const writer of foreign.has(key) ? [lab.b, lab.a] : [lab.b, lab.b]) {
        const put = await writer.send(new PutObjectCommand({ Bucket: versioned, Key: key, Body: key }));
        written.push(`${key}\u0000${put.VersionId}`);
      }
      if (someKeys.indexOf(key) % 5 === 0) {
        const marker = await lab.b.send(new DeleteObjectCommand({ Bucket: versioned, Key: key }));
        written.push(`${key}\u0000${marker.VersionId}`);
      }
    });
  }, 120_000);

  it("a versioned scan finds every version and delete marker once", async () => {
    const scanId = prepare("fast", { bucket: versioned, versions: true });
    const { record, mostPieces } = await scanInPieces(scanId);
    expect(record.status).toBe("completed");
    expect(mostPieces).toBeGreaterThan(2);
    const found = [...iterateFindings(db, scanId)].map((f) => `${f.key}\u0000${f.versionId}`);
    expect(found.sort()).toEqual([...written].sort());
  });
});
