import "server-only";
import type { Grant } from "@/lib/audit/types";
import type { Db } from "@/lib/db";
import { hasChanges } from "@/lib/db/findings";
import { EVIDENCE_BOUNDS, prefixOf } from "@/lib/migrate/evidence";
import { RunFinder, coverRun, type Cover } from "@/lib/migrate/prefixes";
import type { ObjectGrantGroup } from "@/lib/migrate/readiness";
import type { ObjectGrantCover } from "@/lib/migrate/translate";
import { grantsSchema, parseStored } from "@/lib/schemas/stored";

// What a scan says of the bucket's object ACLs, read in one pass over its findings in key order (and a second over
// the granted keys only): who holds which permission on how many objects, where, and the shortest prefixes that
// cover exactly those keys. Memory is bounded by the number of grantees and runs, never by the bucket's size.

/** Distinct grantee-and-permission pairs kept; more than this is not a bucket anyone could move to a policy. */
const MAX_GROUPS = 200;
/** Runs of granted keys per pair past which the keys are "too scattered" (a policy could not list them). */
const MAX_RUNS = 1000;

type Row = {
  key: string;
  version_id: string;
  is_latest: number | null;
  delete_marker: number;
  owner_id: string | null;
  grants_json: string | null;
};

/** Each row's owner and grants as last known: a fix since the scan counts. */
export const objectAclsSql = (changes: boolean) =>
  changes
    ? `SELECT key, version_id, is_latest, delete_marker,
         CASE WHEN c.now_status IS NULL THEN f.owner_id ELSE c.now_owner_id END AS owner_id,
         CASE WHEN c.now_status IS NULL THEN f.grants_json ELSE c.now_grants_json END AS grants_json
       FROM findings f LEFT JOIN finding_changes c USING (scan_id, key, version_id)
       WHERE f.scan_id = ? ORDER BY key, version_id`
    : `SELECT key, version_id, is_latest, delete_marker, owner_id, grants_json
       FROM findings WHERE scan_id = ? ORDER BY key, version_id`;

function* scanObjectAcls(db: Db, scanId: number): Generator<Row> {
  for (const row of db.prepare(objectAclsSql(hasChanges(db, scanId))).iterate(scanId)) yield row as Row;
}

export type AclFacts = {
  groups: ObjectGrantGroup[];
  covers: ObjectGrantCover[];
  aclsUnread: number;
  foreign: { objects: number; owners: number };
  /** More grantee-and-permission pairs than are itemised. */
  groupsOverflow: boolean;
};

const groupKey = (g: Grant) => `${g.granteeType}\u0000${g.grantee}\u0000${g.permission}`;
const isCurrent = (r: Row) => r.delete_marker === 0 && r.is_latest !== 0;

/**
 * A completed scan changes only through fixes (its changes table): its facts are learnt once per state, per database,
 * so a page that asks again does not read every finding again.
 */
const learnt = new WeakMap<Db, Map<string, AclFacts>>();
const LEARNT_PER_DB = 8;

export function aclFactsOfScan(db: Db, scanId: number, ownerId: string): AclFacts {
  const changes = db
    .prepare("SELECT count(*) AS n, max(changed_at) AS at FROM finding_changes WHERE scan_id = ?")
    .get(scanId) as { n: number; at: string | null };
  const key = `${scanId}\u0000${ownerId}\u0000${changes.n}\u0000${changes.at ?? ""}`;
  const known = learnt.get(db) ?? new Map<string, AclFacts>();
  learnt.set(db, known);
  const cached = known.get(key);
  if (cached) return cached;
  const facts = readAclFacts(db, scanId, ownerId);
  if (known.size >= LEARNT_PER_DB) known.delete(known.keys().next().value!);
  known.set(key, facts);
  return facts;
}

// eslint-disable-next-line max-lines-per-function -- one pass over the scan's rows gathers every fact the report needs; split, it would read the rows twice
function readAclFacts(db: Db, scanId: number, ownerId: string): AclFacts {
  const groups = new Map<string, ObjectGrantGroup & { runs: RunFinder }>();
  const owners = new Set<string>();
  let foreignObjects = 0;
  let aclsUnread = 0;
  let overflow = false;
  let lastCurrent: string | null = null;
  // Every current key's grants, one key at a time: a key's versions arrive together, its current one among them.
  for (const row of scanObjectAcls(db, scanId)) {
    if (row.delete_marker === 1) {
      // A key whose current version is a delete marker holds no grant: no cover may reach across it.
      if (row.is_latest === 1) {
        for (const group of groups.values()) group.runs.key(row.key, false);
        lastCurrent = row.key;
      }
      continue;
    }
    if (row.owner_id && row.owner_id !== ownerId) {
      foreignObjects++;
      if (owners.size < 10_000) owners.add(row.owner_id);
    }
    if (row.grants_json === null) aclsUnread++;
    const held = new Set<string>();
    for (const g of row.grants_json ? parseStored(grantsSchema, row.grants_json, "grants") : []) {
      if (g.granteeType === "CanonicalUser" && g.grantee === ownerId) continue;
      const name = groupKey(g);
      let group = groups.get(name);
      if (!group) {
        if (groups.size >= MAX_GROUPS) {
          overflow = true;
          continue;
        }
        group = { ...g, objects: 0, prefixes: {}, runs: new RunFinder(MAX_RUNS, lastCurrent) };
        groups.set(name, group);
      }
      group.objects++;
      if (!isCurrent(row)) group.noncurrent = (group.noncurrent ?? 0) + 1;
      const prefix = prefixOf(row.key);
      if (
        group.prefixes[prefix] !== undefined ||
        Object.keys(group.prefixes).length < EVIDENCE_BOUNDS.prefixes
      )
        group.prefixes[prefix] = (group.prefixes[prefix] ?? 0) + 1;
      if (isCurrent(row)) held.add(name);
    }
    if (!isCurrent(row)) continue;
    for (const [name, group] of groups) group.runs.key(row.key, held.has(name));
    lastCurrent = row.key;
  }

  const keysBetween = db.prepare(
    `SELECT key FROM findings WHERE scan_id = ? AND key BETWEEN ? AND ? AND delete_marker = 0
       AND (is_latest IS NULL OR is_latest = 1) ORDER BY key`,
  );
  const covers: ObjectGrantCover[] = [...groups.values()].map((g) => {
    let list: Cover[] | null = g.runs.overflow ? null : [];
    for (const run of g.runs.runs) {
      if (!list) break;
      const keys = (function* () {
        for (const r of keysBetween.iterate(scanId, run.first, run.last)) yield (r as { key: string }).key;
      })();
      for (const cover of coverRun(keys, run)) {
        list.push(cover);
        if (list.length > MAX_RUNS) list = null;
        if (!list) break;
      }
    }
    return {
      grantee: g.grantee,
      granteeType: g.granteeType,
      permission: g.permission,
      objects: g.objects,
      covers: list,
    };
  });
  return {
    groups: [...groups.values()].map((g) => ({
      grantee: g.grantee,
      granteeType: g.granteeType,
      permission: g.permission,
      objects: g.objects,
      prefixes: g.prefixes,
    })),
    covers,
    aclsUnread,
    foreign: { objects: foreignObjects, owners: owners.size },
    groupsOverflow: overflow,
  };
}
