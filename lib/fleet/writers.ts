// The organization's writers: every foreign owner of the fleet's buckets, summed over the buckets in view, the most
// objects the owners cannot read first. Each bucket row carries what each of its foreign owners owns there
// (lib/db/fleet-runs.ts), so this reads no findings; memory is bounded by the distinct writers kept.
import type { FleetBucketRow } from "@/lib/fleet/bucket-row";

export type FleetWriter = {
  /** The owner's canonical ID. */
  id: string;
  buckets: number;
  /** Accounts whose buckets it wrote into. */
  accounts: number;
  objects: number;
  locked: number;
  bytes: number;
  newest: string | null;
  /** The bucket where it owns the most objects the owner cannot read: where to look first. */
  worst: { accountId: string; bucket: string; locked: number; objects: number };
};

/** Distinct writers summed at most; past it, writers not yet seen are counted, not kept. */
export const MAX_FLEET_WRITERS = 2000;

export class FleetWritersTally {
  private readonly byId = new Map<string, FleetWriter & { accountIds: Set<string> }>();
  /** Buckets' writers not kept, past MAX_FLEET_WRITERS. */
  untracked = 0;

  add(row: FleetBucketRow) {
    for (const c of row.writerCounts) {
      let w = this.byId.get(c.id);
      if (!w) {
        if (this.byId.size >= MAX_FLEET_WRITERS) {
          this.untracked++;
          continue;
        }
        w = {
          id: c.id,
          buckets: 0,
          accounts: 0,
          objects: 0,
          locked: 0,
          bytes: 0,
          newest: null,
          worst: { accountId: row.accountId, bucket: row.bucket, locked: c.locked, objects: c.objects },
          accountIds: new Set(),
        };
        this.byId.set(c.id, w);
      }
      w.buckets++;
      w.accountIds.add(row.accountId);
      w.objects += c.objects;
      w.locked += c.locked;
      w.bytes += c.bytes;
      if (c.newest && (!w.newest || c.newest > w.newest)) w.newest = c.newest;
      if (c.locked > w.worst.locked || (c.locked === w.worst.locked && c.objects > w.worst.objects))
        w.worst = { accountId: row.accountId, bucket: row.bucket, locked: c.locked, objects: c.objects };
    }
  }

  /** The `limit` writers with the most locked objects (then the most objects), and how many writers there are. */
  result(limit: number): { writers: FleetWriter[]; total: number } {
    const all = [...this.byId.values()].map(({ accountIds, ...w }) => ({ ...w, accounts: accountIds.size }));
    all.sort(
      (a, b) => b.locked - a.locked || b.objects - a.objects || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    return { writers: all.slice(0, limit), total: all.length + this.untracked };
  }
}
