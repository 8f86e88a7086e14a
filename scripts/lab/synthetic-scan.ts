// A completed scan of N findings written straight into a database, for benchmarks and the heavy-request test: a live
// scan of a million keys would take the lab a quarter of an hour and measure the scan, not what reads it. 10% are
// owned by the bucket owner; of the foreign ones some are readable or fully controlled by the bucket owner, some
// carry a third party's or a public grant. Keys spread over 1,000 folders.
import { analyzePosture } from "@/lib/audit/posture";
import { readTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { createScan, finishScan, savePosture } from "@/lib/db/scans";
import { connectionSchema } from "@/lib/schemas/connection";

export type SyntheticOwners = { bucketOwner: string; writer: string; thirdParty: string };

export function writeSyntheticScan(
  db: Db,
  o: { connectionId: string; bucket: string; findings: number; owners: SyntheticOwners; seed?: number },
): { scanId: number; foreign: number } {
  const { bucketOwner: b, writer: a, thirdParty: c } = o.owners;
  const scanId = createScan(db, {
    connectionId: o.connectionId,
    target: readTargetOf(connectionSchema.parse({ id: "synthetic", name: "synthetic" })),
    identity: `synthetic-${o.bucket}`,
    bucket: o.bucket,
    prefix: "",
    mode: "full",
    versions: false,
    concurrency: 1,
  });
  const posture = analyzePosture({
    bucket: o.bucket,
    ownerId: b,
    aclGrants: [{ grantee: b, granteeType: "CanonicalUser", permission: "FULL_CONTROL" }],
    ownership: { kind: "rule", value: "ObjectWriter" },
    policy: { kind: "ok", document: null },
    versioning: "Disabled",
    encryption: { kind: "ok", algorithm: "AES256", kmsKeyId: null },
  });
  savePosture(db, scanId, posture);
  const insert = db.prepare(
    `INSERT INTO findings (scan_id, key, version_id, owner_id, status, bucket_owner_access, public_grant, grants_json,
       size, etag) VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const full = (id: string) => ({ grantee: id, granteeType: "CanonicalUser", permission: "FULL_CONTROL" });
  const counts = { owned: 0, locked: 0, readable: 0, full: 0 };
  // A seed shifts which keys are foreign, so two scans of one bucket differ (new, fixed) where compared.
  const shift = o.seed ?? 0;
  for (let start = 0; start < o.findings; start += 50_000) {
    db.transaction(() => {
      for (let i = start; i < Math.min(o.findings, start + 50_000); i++) {
        const key = `data/${String(i % 1000).padStart(3, "0")}/object-${String(i).padStart(8, "0")}.csv`;
        if ((i + shift) % 10 === 0) {
          counts.owned++;
          insert.run(scanId, key, b, "owned", "full-control", 0, JSON.stringify([full(b)]), 1024, `"e${i}"`);
          continue;
        }
        const kind = i % 7;
        const grants = [full(a)];
        if (kind === 1) grants.push(full(b));
        if (kind === 2) grants.push({ grantee: b, granteeType: "CanonicalUser", permission: "READ" });
        if (kind === 3) grants.push({ grantee: c, granteeType: "CanonicalUser", permission: "READ" });
        const isPublic = kind === 4;
        if (isPublic)
          grants.push({
            grantee: "http://acs.amazonaws.com/groups/global/AllUsers",
            granteeType: "Group",
            permission: "READ",
          });
        const [status, access] =
          kind === 1
            ? ["foreign-full-control", "full-control"]
            : kind === 2
              ? ["foreign-readable", "read"]
              : ["foreign-locked", "none"];
        counts[kind === 1 ? "full" : kind === 2 ? "readable" : "locked"]++;
        insert.run(scanId, key, a, status, access, isPublic ? 1 : 0, JSON.stringify(grants), 1024, `"e${i}"`);
      }
    })();
  }
  db.prepare(
    `UPDATE scans SET listed = @n, classified = @n, listing_done = 1, count_owned = @owned,
       count_foreign_locked = @locked, count_foreign_readable = @readable, count_foreign_full_control = @full
     WHERE id = @scanId`,
  ).run({ n: o.findings, scanId, ...counts });
  finishScan(db, scanId, "completed", null);
  return { scanId, foreign: o.findings - counts.owned };
}
