"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Cell } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { usePosture } from "@/lib/queries/connections";
import type { BucketOverviewDto } from "@/lib/schemas/connection";

// One bucket of a connection's overview: its name with the ways in, its posture read live, the last scan's foreign
// keys by account (and what watching saw since), when it was scanned, and a Scan button.

const yes = <span className="text-emerald-700">yes</span>;
const no = <span className="font-medium text-red-700">no</span>;

// The live settings' columns: left out on a phone, where the bucket, its foreign keys and its scan need the room.
export const live = "hidden px-3 py-2 md:table-cell";

/** A bucket's posture, read live: Object Ownership, blocking ACL grants, writer policy, versioning. */
function PostureCells({
  connectionId,
  bucket,
  reachable,
}: {
  connectionId: string;
  bucket: string;
  /** False when S3 did not answer the listing: no live read is tried. */
  reachable: boolean;
}) {
  const posture = usePosture(connectionId, bucket, reachable);
  if (!reachable)
    return (
      <td colSpan={4} data-testid="live-unavailable" className={`${live} text-xs text-slate-500`}>
        unavailable while S3 does not answer
      </td>
    );
  if (posture.isPending)
    return (
      <td colSpan={4} className={live}>
        <div className="h-4 animate-pulse rounded bg-slate-200" />
      </td>
    );
  if (posture.error)
    return (
      <td colSpan={4} className={`${live} text-xs text-red-700`}>
        {posture.error.message}
      </td>
    );
  const p = posture.data;
  const bofc = p.policy.readable ? (p.policy.requiresBucketOwnerFullControl ? yes : no) : "unreadable";
  return (
    <>
      <td className={live} data-testid="ownership">
        {p.objectOwnership.value}
        {!p.objectOwnership.confirmed && (
          <span className="ml-1 text-xs text-slate-500" title={p.objectOwnership.note ?? undefined}>
            (unconfirmed)
          </span>
        )}
      </td>
      <td className={live} data-testid="blocking-grants">
        {p.aclGrantsOutsideAccount.length === 0 ? (
          "none"
        ) : (
          <span className="font-medium text-amber-800">
            {p.aclGrantsOutsideAccount.length} block enforcing
          </span>
        )}
      </td>
      <td className={live} data-testid="requires-bofc">
        {bofc}
      </td>
      <td className={live}>{p.versioning}</td>
    </>
  );
}

/** One bucket's row. */
export function BucketRow({
  connectionId,
  bucket: b,
  href,
  reachable,
  canScan,
  onScan,
}: {
  connectionId: string;
  bucket: BucketOverviewDto;
  /** The bucket's live listing. */
  href: string;
  /** False when S3 did not answer the listing: no live read is tried. */
  reachable: boolean;
  canScan: boolean;
  onScan: () => Promise<unknown>;
}) {
  return (
    <tr data-testid="bucket-row" data-bucket={b.name}>
      <Cell className="font-medium wrap-anywhere">
        {/* The bucket leads to its findings (its newest scan); the live listing is beside it. */}
        <Link
          href={b.lastScan ? `${href}?scan=${b.lastScan.id}` : href}
          // A view of a page (a query) is fetched when chosen, never ahead.
          prefetch={b.lastScan ? false : undefined}
          className="text-sky-700 hover:underline"
        >
          {b.name}
        </Link>
        {b.lastScan && (
          <Link
            href={href}
            prefetch={false}
            className="block text-xs font-normal text-slate-500 hover:underline"
          >
            live listing
          </Link>
        )}
      </Cell>
      <PostureCells connectionId={connectionId} bucket={b.name} reachable={reachable} />
      <ForeignKeysCell bucket={b} href={href} />
      <Cell className="text-xs text-slate-600">
        {b.lastScan ? (
          <Link href={`${href}?scan=${b.lastScan.id}`} prefetch={false} className="hover:underline">
            #{b.lastScan.id} · <Time at={b.lastScan.finishedAt} relative />
          </Link>
        ) : (
          "—"
        )}
      </Cell>
      <Cell className="text-right">{canScan && <ScanButton onScan={onScan} />}</Cell>
    </tr>
  );
}

/** The last scan's foreign keys: how many, new since the scan before, after fixes since, by account; and watching. */
function ForeignKeysCell({ bucket: b, href }: { bucket: BucketOverviewDto; href: string }) {
  return (
    <Cell data-testid="foreign-keys">
      {b.lastScan === null ? (
        <span className="text-slate-500">not scanned</span>
      ) : b.lastScan.foreign === 0 ? (
        <span className="text-emerald-700">0</span>
      ) : (
        <span>
          <span className="text-foreign font-semibold">{b.lastScan.foreign.toLocaleString()}</span>
          {b.lastScan.newSincePrevious && b.lastScan.newSincePrevious.count > 0 && (
            <Link
              data-testid="new-since"
              href={`${href}/diff?${new URLSearchParams({
                from: String(b.lastScan.newSincePrevious.previousScanId),
                to: String(b.lastScan.id),
                kind: "new",
              })}`}
              prefetch={false}
              title="The keys: Compare scans"
              className="ml-1 text-xs font-medium text-red-700 hover:underline"
            >
              +{b.lastScan.newSincePrevious.count.toLocaleString()} new since #
              {b.lastScan.newSincePrevious.previousScanId}
            </Link>
          )}
          {b.lastScan.foreignNow !== b.lastScan.foreign && (
            <span data-testid="foreign-now" className="ml-1 text-xs text-slate-600">
              ({b.lastScan.foreignNow.toLocaleString()} after fixes since)
            </span>
          )}
          <span className="block text-xs text-slate-500">
            {b.lastScan.foreignByAccount
              .map((a) => `${a.name ?? a.ownerId.slice(0, 12)}: ${a.objects.toLocaleString()}`)
              .join(" · ")}
          </span>
        </span>
      )}
      {/* After the scan's count: the cell's text starts with it (sorting and reading rely on that). */}
      {b.live && (
        <Link
          data-testid="live-count"
          href={`${href}/watch`}
          prefetch={false}
          className={`block text-xs font-medium hover:underline ${b.live.alerting > 0 ? "text-red-700" : "text-emerald-700"}`}
        >
          Watched: {b.live.alerting.toLocaleString()} arrived foreign
        </Link>
      )}
    </Cell>
  );
}

/** Starts a full scan of the bucket; each row's button waits on its own request, leaving the others usable. */
function ScanButton({ onScan }: { onScan: () => Promise<unknown> }) {
  const [starting, setStarting] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      disabled={starting}
      onClick={() => {
        setStarting(true);
        void onScan().finally(() => setStarting(false));
      }}
    >
      {starting ? "Starting…" : "Scan"}
    </Button>
  );
}
