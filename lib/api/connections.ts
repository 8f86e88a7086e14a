import "server-only";
import { requireConnection } from "@/lib/api/browse";
import { rememberBuckets, requireKnownBucket } from "@/lib/api/bucket-access";
import { analyzePosture } from "@/lib/audit/posture";
import type { ObjectStatus } from "@/lib/audit/types";
import { listBuckets } from "@/lib/aws/buckets";
import { s3For } from "@/lib/aws/clients";
import { checkAssume, checkReadIdentity, type CheckOutcome } from "@/lib/aws/connection-check";
import { listInventoryConfigs } from "@/lib/aws/inventory-config";
import { readPostureFacts } from "@/lib/aws/scan-io";
import { adviceFor, connectionChecks } from "@/lib/connections/advice";
import { actorTargetOf, readTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import {
  getConnection,
  listAccounts,
  ownAccounts,
  listConnections,
  saveAccount,
  saveConnection,
} from "@/lib/db/connections";
import { changesSinceScan } from "@/lib/db/finding-changes";
import { scanFacts } from "@/lib/db/scan-facts";
import { countByOwner } from "@/lib/db/scan-summaries";
import { latestCompletedScans } from "@/lib/db/scans";
import { listWatchedBuckets, watchCounts } from "@/lib/db/watch";
import { AppError } from "@/lib/errors";
import { foreignCount } from "@/lib/export/report";
import { checkInventoryConfig } from "@/lib/inventory/config";
import { accountNameMap } from "@/lib/ownership/owners";
import type { AccountInput, ConnectionInput } from "@/lib/schemas/connection";

export const connections = (db: Db) => listConnections(db);

/** A connection by ID; undefined when there is none. */
export const findConnection = (db: Db, id: string) => getConnection(db, id);

/** From a terminal: adds the connection, or replaces the one of the same ID. */
export const putConnection = (db: Db, input: ConnectionInput) => saveConnection(db, input);

/** Names an account of a connection and sets its fixer; the same canonical ID again edits it. */
export function putAccount(db: Db, connectionId: string, input: AccountInput) {
  requireConnection(db, connectionId);
  return saveAccount(db, connectionId, input);
}

/** The accounts the connection's settings edit: its own, not the names the fleet's directory adds. */
export function accountsOf(db: Db, connectionId: string) {
  requireConnection(db, connectionId);
  return ownAccounts(db, connectionId);
}

/** A connection's full settings and its accounts, for the admin's edit form. */
export function connectionSettings(db: Db, id: string) {
  return { connection: requireConnection(db, id), accounts: ownAccounts(db, id) };
}

export function createConnection(db: Db, input: ConnectionInput) {
  if (getConnection(db, input.id))
    throw new AppError("conflict", `A connection "${input.id}" already exists.`);
  return saveConnection(db, input);
}

export function updateConnection(db: Db, id: string, input: Omit<ConnectionInput, "id">) {
  requireConnection(db, id);
  return saveConnection(db, { ...input, id });
}

/**
 * Runs the calls Ownerscope needs (read identity, bucket owner's writer, each fixer) and turns each failure into a
 * sentence that says what to change.
 */
export async function testConnection(db: Db, id: string, sampleBucket?: string) {
  const c = requireConnection(db, id);
  const ctx = {
    endpoint: c.endpointUrl,
    stsEndpoint: c.stsEndpointUrl,
    region: c.region,
    profile: c.profile,
    roleArn: c.roleArn,
  };
  const present = (
    o: CheckOutcome,
    identity: typeof ctx & { externalId: string | null; account?: string },
  ) => ({
    check: o.check,
    label: connectionChecks[o.check].label + (identity.account ? ` (${identity.account})` : ""),
    ok: o.ok,
    detail: o.ok ? o.detail : adviceFor(o.check, o.kind, { ...identity, bucket: o.bucket, key: o.key }),
  });
  const results = (await checkReadIdentity(readTargetOf(c), sampleBucket)).map((o) =>
    present(o, { ...ctx, externalId: c.externalId }),
  );
  if (c.ownerProfile || c.ownerRoleArn) {
    const identity = { profile: c.ownerProfile, roleArn: c.ownerRoleArn };
    const o = await checkAssume("owner-writer", actorTargetOf(c, identity));
    results.push(present(o, { ...ctx, ...identity, externalId: null }));
  }
  for (const a of listAccounts(db, id)) {
    if (!a.fixerProfile && !a.fixerRoleArn) continue;
    const identity = { profile: a.fixerProfile, roleArn: a.fixerRoleArn, externalId: a.fixerExternalId };
    const o = await checkAssume("fixer", actorTargetOf(c, identity));
    results.push(present(o, { ...ctx, ...identity, account: a.name }));
  }
  return { ok: results.every((r) => r.ok), results };
}

const OVERVIEW_LISTING_MS = 10_000;

/**
 * Every bucket of a connection with its newest completed scan's foreign keys by account. When S3 does not answer
 * the listing (down, or the identity refused), the buckets this server has scanned or watches are listed from what
 * it stored, and `unavailable` says why the live part is missing.
 */
export async function bucketsOverview(db: Db, id: string) {
  const c = requireConnection(db, id);
  const scans = new Map(latestCompletedScans(db, id).map((s) => [s.bucket, s]));
  const watched = new Set(listWatchedBuckets(db, id).map((w) => w.bucket));
  let buckets: { name: string; createdAt: string | null }[];
  let unavailable: string | null = null;
  try {
    // A page waits on this: an endpoint that hangs is treated as down after a while, and stored figures shown.
    buckets = await listBuckets(readTargetOf(c), OVERVIEW_LISTING_MS);
    rememberBuckets(
      c.id,
      buckets.map((b) => b.name),
    );
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    unavailable = error.message;
    buckets = [...new Set([...scans.keys(), ...watched])].sort().map((name) => ({ name, createdAt: null }));
  }
  const names = accountNameMap(listAccounts(db, id));
  // One bucket after the other: a first load learns each scan's facts in the one reader thread, which refuses a
  // queue past its bound.
  const rows = await mapInOrder(buckets, async (b) => {
    const s = scans.get(b.name);
    const live = watched.has(b.name) ? watchCounts(db, id, b.name) : null;
    return {
      ...b,
      live: live && { alerting: live.alerting, lastEventAt: live.lastEventAt },
      lastScan: s
        ? {
            id: s.id,
            finishedAt: s.finishedAt,
            classified: s.classified,
            foreign: foreignCount(s.byStatus),
            ...nowCounts(changesSinceScan(db, s.id).byStatus),
            foreignByAccount: countByOwner(db, s.id)
              .filter((o) => o.ownerId !== null && o.ownerId !== s.bucketOwnerId)
              .map((o) => ({
                ownerId: o.ownerId!,
                name: names.get(o.ownerId!) ?? null,
                objects: o.objects,
              })),
            locked: s.byStatus["foreign-locked"],
            ...(await scanFacts(db, s)),
          }
        : null,
    };
  });
  return { buckets: rows, unavailable };
}

/** What fixes since a scan leave of its foreign and locked keys. */
const nowCounts = (byStatus: Record<ObjectStatus, number>) => ({
  foreignNow: foreignCount(byStatus),
  lockedNow: byStatus["foreign-locked"],
});

async function mapInOrder<T, R>(items: T[], each: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await each(item));
  return out;
}

/** A bucket's posture now: Object Ownership, ACL grants that block enforcing, policy on writers, versioning. */
export async function bucketPosture(db: Db, id: string, bucket: string) {
  const c = requireConnection(db, id);
  await requireKnownBucket(db, c, bucket);
  return analyzePosture(await readPostureFacts(s3For(readTargetOf(c)), bucket));
}

/** The bucket's S3 Inventory configurations, each checked for the fields an audit from reports needs. */
export async function inventorySetup(db: Db, id: string, bucket: string) {
  const c = requireConnection(db, id);
  await requireKnownBucket(db, c, bucket);
  const found = await listInventoryConfigs(readTargetOf(c), bucket);
  return found.supported
    ? { supported: true as const, checks: found.configs.map(checkInventoryConfig) }
    : { supported: false as const, reason: found.reason, checks: [] };
}
