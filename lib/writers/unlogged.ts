// Writers no log names. Without access logs or CloudTrail the bucket still tells who writes into it: the live
// record's events name each arrival's principal (a managed service's role session among them), and the newest scan
// names every account that owns objects in it. Each such account becomes a writer, unless one the logs name already
// stands for it (the logs say more: the tool, the ACL each write sent); then the events', then the scan's. Pure.
import { accountOf } from "@/lib/migrate/requests";
import type { WriterRecord } from "@/lib/schemas/writers";
import { sessionOf } from "@/lib/writers/alert";
import { identify } from "@/lib/writers/catalogue";
import type { NamedAccount } from "@/lib/writers/view";

/** A foreign account's objects in a scan: how many, locked, bytes, when, where, its newest keys, per day. */
export type OwnerObjects = {
  ownerId: string;
  objects: number;
  locked: number;
  bytes: number;
  first: string | null;
  last: string | null;
  prefixes: Record<string, number>;
  newestKeys: string[];
  /** Objects it owns by the day they were last written. */
  days: Record<string, number>;
};

/** What the live record's events say of one writer: the principal they name, and its account's arrivals. */
export type EventWriter = {
  principal: string;
  ownerId: string;
  arrivals: number;
  locked: number;
  bytes: number;
  first: string;
  last: string;
  newestKeys: string[];
  days: Record<string, number>;
};

const empty = {
  toolVersion: null,
  job: null,
  userAgent: null,
  invokedBy: null,
  withoutBofc: 0,
  lastWithoutBofc: null,
  withBofc: 0,
  lastWithBofc: null,
};

export function unloggedWriters(o: {
  /** Canonical IDs the logs' writers already stand for. */
  logged: Set<string>;
  events: EventWriter[];
  owners: OwnerObjects[];
  accounts: NamedAccount[];
}): WriterRecord[] {
  const principalOf = (canonicalId: string) =>
    o.accounts.find((a) => a.canonicalId === canonicalId)?.principal ?? canonicalId;
  const out: WriterRecord[] = [];
  const seen = new Set(o.logged);
  for (const e of o.events) {
    if (o.logged.has(e.ownerId)) continue;
    const session = sessionOf(e.principal);
    const identified = identify({ userAgent: null, session, invokedBy: null });
    out.push({
      ...empty,
      id: `events\n${e.principal}\n${e.ownerId}`,
      principal: e.principal,
      accountId: accountOf(principalOf(e.ownerId)),
      session: identified ? session : null,
      toolId: identified?.tool.id ?? null,
      firstWrite: e.first,
      lastWrite: e.last,
      writes: e.arrivals,
      bytes: e.bytes,
      aclUnseen: e.arrivals,
      prefixes: {},
      days: e.days,
      recentKeys: e.newestKeys,
      sources: ["events"],
      canonicalId: e.ownerId,
      owned: { objects: e.arrivals, locked: e.locked },
    });
    seen.add(e.ownerId);
  }
  for (const a of o.owners) {
    if (seen.has(a.ownerId)) continue;
    const principal = principalOf(a.ownerId);
    out.push({
      ...empty,
      id: `scan\n${a.ownerId}`,
      principal,
      accountId: accountOf(principal),
      session: null,
      toolId: null,
      firstWrite: a.first ?? "",
      lastWrite: a.last ?? "",
      writes: a.objects,
      bytes: a.bytes,
      aclUnseen: a.objects,
      prefixes: a.prefixes,
      days: a.days,
      recentKeys: a.newestKeys,
      sources: ["scan"],
      canonicalId: a.ownerId,
      owned: { objects: a.objects, locked: a.locked },
    });
  }
  return out;
}
