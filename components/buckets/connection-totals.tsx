"use client";

import { useQueries } from "@tanstack/react-query";
import { boxClass } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { countOf, formatBytes } from "@/lib/format";
import { postureQuery } from "@/lib/queries/connections";
import type { BucketOverviewDto } from "@/lib/schemas/connection";

/**
 * A connection at a glance, over every bucket's newest scan: foreign keys and their bytes, locked keys, what is new
 * since the scan before, buckets whose policy lets writers leave out bucket-owner-full-control, and how old the oldest
 * scan is. Counts are as the scans saw the buckets, with what fixes since left of them beside; the postures are read
 * live (the same reads as the table's).
 */
export function ConnectionTotals({
  connectionId,
  buckets,
}: {
  connectionId: string;
  buckets: BucketOverviewDto[];
}) {
  const postures = useQueries({ queries: buckets.map((b) => postureQuery(connectionId, b.name)) });
  const scanned = buckets.flatMap((b) => (b.lastScan ? [b.lastScan] : []));
  const sum = (pick: (s: (typeof scanned)[number]) => number) => scanned.reduce((n, s) => n + pick(s), 0);
  const oldest = scanned.reduce<(typeof scanned)[number] | null>(
    (o, s) => (o === null || (s.finishedAt ?? "") < (o.finishedAt ?? "") ? s : o),
    null,
  );
  const read = postures.filter((p) => p.data);
  // Enforced buckets cannot get a foreign object whatever the policy says.
  const lax = read.filter(
    ({ data: p }) =>
      p!.foreignOwnershipPossible && p!.policy.readable && !p!.policy.requiresBucketOwnerFullControl,
  );
  const unreadable = read.filter((p) => !p.data!.policy.readable).length;
  const item = `${boxClass} px-3 py-2`;
  const label = "text-xs text-slate-500";
  const figure = "text-lg font-semibold tabular-nums";
  return (
    <dl
      data-testid="connection-totals"
      className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-3 lg:grid-cols-6"
    >
      <div className={item} title="Keys another account owns, in the newest scan of each bucket">
        <dt className={label}>Foreign keys</dt>
        <dd data-testid="total-foreign" className={`${figure} text-foreign`}>
          {sum((s) => s.foreign).toLocaleString()}
        </dd>
        <dd data-testid="total-foreign-bytes" className="text-xs text-slate-600">
          {formatBytes(sum((s) => s.foreignBytes))}
        </dd>
        <AfterFixes
          now={sum((s) => s.foreignNow)}
          scanned={sum((s) => s.foreign)}
          testId="total-foreign-now"
        />
      </div>
      <div
        className={item}
        title="Foreign keys the bucket owner cannot even read: only their owner or enforcing fixes them"
      >
        <dt className={label}>Locked keys</dt>
        <dd data-testid="total-locked" className={figure}>
          {sum((s) => s.locked).toLocaleString()}
        </dd>
        <AfterFixes now={sum((s) => s.lockedNow)} scanned={sum((s) => s.locked)} testId="total-locked-now" />
      </div>
      <div
        className={item}
        title="Foreign keys the newest scan found that the scan before it of the same scope did not"
      >
        <dt className={label}>New since the scan before</dt>
        <dd data-testid="total-new" className={figure}>
          {sum((s) => s.newSincePrevious?.count ?? 0).toLocaleString()}
        </dd>
      </div>
      <div
        className={item}
        title="Buckets whose policy does not refuse a write without bucket-owner-full-control: new foreign keys can appear"
      >
        <dt className={label}>Writers may skip bucket-owner-full-control</dt>
        <dd data-testid="total-lax" className={figure}>
          {lax.length.toLocaleString()}
          <span className="text-xs font-normal text-slate-500"> of {countOf(buckets.length, "bucket")}</span>
        </dd>
        {(read.length < buckets.length || unreadable > 0) && (
          <dd className="text-xs text-slate-500">
            {read.length < buckets.length && `${buckets.length - read.length} still reading`}
            {read.length < buckets.length && unreadable > 0 && " · "}
            {unreadable > 0 && `${unreadable} policy unreadable`}
          </dd>
        )}
      </div>
      <div className={item} title="The bucket whose newest scan is the oldest">
        <dt className={label}>Oldest scan</dt>
        <dd data-testid="total-oldest" className="font-semibold">
          {oldest ? <Time at={oldest.finishedAt} relative /> : "none"}
        </dd>
      </div>
      <div className={item}>
        <dt className={label}>Never scanned</dt>
        <dd data-testid="total-unscanned" className={figure}>
          {(buckets.length - scanned.length).toLocaleString()}
        </dd>
      </div>
    </dl>
  );
}

/** Beside a count as scanned, what fixes since left of it, when they changed it. */
function AfterFixes({ now, scanned, testId }: { now: number; scanned: number; testId: string }) {
  if (now === scanned) return null;
  return (
    <dd data-testid={testId} className="text-xs text-slate-600">
      {now.toLocaleString()} after fixes since
    </dd>
  );
}
