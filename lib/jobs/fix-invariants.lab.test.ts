// Integration: random interleavings of the accounts' own writes with a scan and a fix job, on the lab, checked
// against what a fix promises. Account A (the foreign writer) and B (the bucket owner) write, rewrite and change ACLs
// before the job and between any two of its requests (the job runs one request at a time, so every interleaving is
// replayable from its seed). After each run:
// - the current bytes of every key are the newest bytes anyone wrote;
// - no grant beyond the owners vanished that the plan did not announce (public ones, unless kept);
// - every object the job calls fixed is owned as promised;
// - the audit log agrees with what S3 holds.
// `npm test` runs fixed seeds; `npm run test:soak -- N` runs N more (a failure names its seed: rerun it with
// OWNERSCOPE_SOAK_SEEDS=SEED).
import {
  GetObjectAclCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
} from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { ALL_USERS, type Grant } from "@/lib/audit/types";
import { grantsOf } from "@/lib/aws/scan-io";
import { openDb, type Db } from "@/lib/db";
import { listAudit } from "@/lib/db/audit-log";
import { iterateFixItems } from "@/lib/db/fix-items";
import { otherGrants, sameGrants } from "@/lib/fix/grants";
import { fixJobClient } from "@/lib/jobs/fix-runner";
import { runFixJob } from "@/lib/jobs/fix-runner";
import { planFixJob, scanned } from "@/scripts/lab/fix-harness";
import { createSharedBucket } from "@/scripts/lab/generate";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";
import { prng, seedsFromEnv, type Prng } from "@/scripts/lab/prng";
import { watchRequests } from "@/scripts/lab/watch-requests";

let lab: Lab;
let db: Db;

beforeAll(() => {
  lab = loadLab();
  db = openDb(":memory:");
});

/** How account A writes an object: its ACL, and the grants beyond the owners that ACL holds. */
type AclSpec = { name: string; headers: () => Partial<PutObjectCommandInput>; others: () => Grant[] };

const user = (id: string, permission: Grant["permission"]): Grant => ({
  grantee: id,
  granteeType: "CanonicalUser",
  permission,
});
const idOf = (id: string) => `id="${id}"`;

const specs = (): AclSpec[] => {
  const [a, b, c] = [lab.writer.canonicalId, lab.bucketOwner.canonicalId, lab.thirdParty.canonicalId];
  return [
    { name: "private", headers: () => ({ ACL: "private" }), others: () => [] },
    { name: "bofc", headers: () => ({ ACL: "bucket-owner-full-control" }), others: () => [] },
    { name: "bor", headers: () => ({ ACL: "bucket-owner-read" }), others: () => [] },
    {
      name: "partner",
      headers: () => ({ GrantFullControl: idOf(a), GrantRead: idOf(c) }),
      others: () => [user(c, "READ")],
    },
    {
      name: "bofc+partner",
      headers: () => ({ GrantFullControl: `${idOf(a)}, ${idOf(b)}`, GrantRead: idOf(c) }),
      others: () => [user(c, "READ")],
    },
    {
      name: "bor+partner-acp",
      headers: () => ({ GrantFullControl: idOf(a), GrantRead: idOf(b), GrantReadACP: idOf(c) }),
      others: () => [user(c, "READ_ACP")],
    },
    {
      name: "bofc+public",
      headers: () => ({ GrantFullControl: `${idOf(a)}, ${idOf(b)}`, GrantRead: `uri="${ALL_USERS}"` }),
      others: () => [{ grantee: ALL_USERS, granteeType: "Group", permission: "READ" }],
    },
  ];
};

/** What the accounts last did to a key (or to one version of it), which a fix must keep. */
type Written = { bytes: string; owner: string; others: Grant[]; seq: number };

/** One seeded run: the world, the plan, the interleaved job, and the checks. */
async function run(seed: number) {
  const r: Prng = prng(seed);
  const why = (what: string) => `seed ${seed}: ${what}`;
  const bucket = `invariants-${seed}-${process.pid}-${Date.now()}`;
  const versioned = r.chance(0.5);
  await createSharedBucket(lab, bucket);
  if (versioned)
    await lab.b.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }),
    );
  const keys = ["k0", "k1", "k2", "k3", "k4"];
  const current = new Map<string, Written>();
  const versions = new Map<string, Written>(); // by version ID
  let seq = 0;
  let body = 0;
  const log: string[] = [];

  /** A writes `key` anew with a random ACL, or B does; the model follows. */
  const rewrite = async (key: string, who: "A" | "B") => {
    const bytes = `${who}'s bytes #${body++} of ${key}`;
    const spec = who === "A" ? r.pick(specs()) : null;
    const out = await (who === "A" ? lab.a : lab.b).send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ...(spec?.headers() ?? {}) }),
    );
    const written: Written = {
      bytes,
      owner: who === "A" ? lab.writer.canonicalId : lab.bucketOwner.canonicalId,
      others: spec?.others() ?? [],
      seq: ++seq,
    };
    current.set(key, written);
    if (out.VersionId) versions.set(out.VersionId, written);
    log.push(`${seq}: ${who} wrote ${key}${spec ? ` (${spec.name})` : ""}`);
  };

  /** A changes the ACL of a key it owns; the model follows. */
  const changeAcl = async (key: string) => {
    const now = current.get(key)!;
    if (now.owner !== lab.writer.canonicalId) return;
    const spec = r.pick(specs());
    await lab.a.send(new PutObjectAclCommand({ Bucket: bucket, Key: key, ...spec.headers() }));
    current.set(key, { ...now, others: spec.others(), seq: ++seq });
    log.push(`${seq}: A set the ACL of ${key} (${spec.name})`);
  };

  for (const key of keys) {
    await rewrite(key, r.chance(0.15) ? "B" : "A");
    if (versioned && r.chance(0.5)) await rewrite(key, r.chance(0.3) ? "B" : "A");
  }
  const scan = await scanned(lab, db, bucket, versioned);

  // Between the scan and the job: rewrites and ACL changes, all of which the job must notice.
  for (let i = r.int(4); i > 0; i--) {
    const key = r.pick(keys);
    if (r.chance(0.5)) await changeAcl(key);
    else await rewrite(key, r.chance(0.5) ? "A" : "B");
  }

  const keepPublicGrants = r.chance(0.3);
  const requested = r.chance(0.25) ? ("reput" as const) : null;
  const jobId = planFixJob(lab, db, bucket, scan.id, { concurrency: 1, keepPublicGrants, requested });
  log.push(
    `job ${jobId}: ${requested ?? "default strategies"}${keepPublicGrants ? ", public grants kept" : ""}`,
  );

  // During the job: after any of its requests, A or B may rewrite a key (the job runs one request at a time).
  const verified = new Map<string, number>(); // key or version -> seq when the job last read it back
  const wrote = new Map<string, number>(); // key or version -> seq when the job last wrote it
  const chaos = async (command: string, input: Record<string, unknown>) => {
    log.push(`   job: ${command} ${String(input.Key ?? "")}`);
    if (r.chance(0.12)) await rewrite(r.pick(keys), r.chance(0.5) ? "A" : "B");
  };
  const readClient = fixJobClient(lab.target(lab.roles.audit.profile), 1);
  const writers = [lab.roles.fix.profile, lab.roles.owner.profile].map((p) => fixJobClient(lab.target(p), 1));
  const stops = [
    watchRequests([readClient], (command, input) => {
      if (command === "GetObjectAclCommand") verified.set(String(input.VersionId ?? input.Key), seq);
    }),
    watchRequests(writers, (command, input) => {
      if (["CopyObjectCommand", "CompleteMultipartUploadCommand", "PutObjectAclCommand"].includes(command))
        wrote.set(String(input.VersionId ?? input.Key), seq);
    }),
    watchRequests([readClient], (command, input) => chaos(command, input)),
    // The writer's ACL re-check is in flight beside its HEAD: only the HEAD draws, so that the draws come in the
    // same order on every replay of the seed.
    watchRequests(writers, (command, input) =>
      command === "GetObjectAclCommand" && !input.VersionId ? undefined : chaos(command, input),
    ),
  ];
  try {
    await runFixJob(db, jobId);
  } finally {
    for (const stop of stops) stop();
  }

  // Read as whichever account may: the owner always can.
  const asEither = async <T>(read: (client: typeof lab.a) => Promise<T>) => {
    try {
      return await read(lab.a);
    } catch {
      return await read(lab.b);
    }
  };
  const aclOf = async (key: string, versionId?: string) => {
    const acl = await asEither((c) =>
      c.send(new GetObjectAclCommand({ Bucket: bucket, Key: key, VersionId: versionId })),
    );
    return { owner: acl.Owner?.ID ?? null, grants: grantsOf(acl.Grants) };
  };
  const expectedOthers = (others: Grant[]) =>
    keepPublicGrants ? others : others.filter((g) => g.granteeType !== "Group");
  const owners = [lab.writer.canonicalId, lab.bucketOwner.canonicalId];
  const items = [...iterateFixItems(db, jobId)];
  const story = () => `\n${log.join("\n")}`;

  for (const key of keys) {
    const model = current.get(key)!;
    const got = await asEither((c) => c.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
    expect(await got.Body!.transformToString(), why(`${key}: the newest bytes anyone wrote${story()}`)).toBe(
      model.bytes,
    );
  }

  // Each object the job planned: the key's current object, or one noncurrent version.
  for (const item of items) {
    const id = item.isCurrent ? item.key : item.versionId;
    const model = item.isCurrent ? current.get(item.key)! : versions.get(item.versionId);
    if (!model) continue;
    const acl = await aclOf(item.key, item.isCurrent ? undefined : item.versionId);
    const others = otherGrants(acl.grants, owners);
    const where = `${item.key}${item.isCurrent ? "" : ` version ${item.versionId}`} (${item.state}: ${item.reason})`;
    const lastWrite = wrote.get(id) ?? -1;
    if (model.seq > lastWrite) {
      // The accounts wrote after the job's last write (or the job never wrote): S3 holds what they wrote.
      expect(acl.owner, why(`${where}: owner as last written${story()}`)).toBe(model.owner);
      expect(sameGrants(others, model.others), why(`${where}: grants as last written${story()}`)).toBe(true);
      continue;
    }
    // The job wrote last: no grant beyond the owners is lost but those the plan announced.
    expect(sameGrants(others, expectedOthers(model.others)), why(`${where}: grants kept${story()}`)).toBe(
      true,
    );
    if (item.state !== "fixed" || model.seq > (verified.get(id) ?? -1)) continue;
    // Fixed, and verified after the accounts' last write: owned as promised, and as the audit log says.
    const entry = listAudit(db, { jobId, key: item.key, limit: 10 }).find(
      (e) => (e.versionId ?? "") === item.versionId,
    )!;
    const promised =
      entry.action === "take-ownership"
        ? [lab.bucketOwner.canonicalId]
        : [model.owner, lab.bucketOwner.canonicalId];
    expect(promised, why(`${where}: owned as promised${story()}`)).toContain(acl.owner);
    expect(acl.grants, why(`${where}: the bucket owner has full control${story()}`)).toContainEqual(
      user(lab.bucketOwner.canonicalId, "FULL_CONTROL"),
    );
    expect(
      [acl.owner, sameGrants(acl.grants, entry.grantsAfter ?? [])],
      why(`${where}: audit agrees${story()}`),
    ).toEqual([entry.ownerAfter, true]);
  }
  return { items: items.length, fixed: items.filter((i) => i.state === "fixed").length, log };
}

describe("a fix never leaves a bucket worse, whatever the accounts do meanwhile", () => {
  it.each(seedsFromEnv([20261203, 7, 4242]))("seed %i", async (seed) => {
    const { items } = await run(seed);
    expect(items, `seed ${seed}: the run planned objects`).toBeGreaterThan(0);
  });
});
