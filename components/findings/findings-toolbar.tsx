"use client";

import Link from "next/link";
import { StatusChips } from "@/components/scans/scan-progress";
import { ShareButton } from "@/components/share/share-button";
import { Button, buttonClass } from "@/components/ui/button";
import { Popover } from "@/components/ui/popover";
import type { ObjectStatus } from "@/lib/audit/types";
import type { ScanDto } from "@/lib/schemas/scan";
import type { ReactNode } from "react";

/**
 * The findings' one compact bar: the counts by status (each a filter), the files to take away, and the fixes. It
 * sticks to the top while the rows scroll under it.
 */
export function FindingsToolbar({
  scan,
  viewCounts,
  view,
  reportHref,
  canShare,
  fixes,
  below,
}: {
  scan: ScanDto;
  /** The view's own counts by status, when it is narrowed by more than a status. */
  viewCounts: Partial<Record<ObjectStatus, number>> | undefined;
  view: Record<string, string>;
  /** The printable report of this view, once the scan is complete. */
  reportHref: string | null;
  canShare: boolean;
  /** The fix buttons, for an operator on a complete scan with foreign keys. */
  fixes: ReactNode;
  /** What stays under the bar (a fix job just started). */
  below: ReactNode;
}) {
  const exportHref = (format: string) =>
    `/api/scans/${scan.id}/export?${new URLSearchParams({ ...view, format })}`;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <StatusChips scan={scan} viewCounts={viewCounts} />
      <span className="ml-auto flex flex-wrap items-center gap-2">
        <Popover
          summary="Export ▾"
          summaryClassName={buttonClass("secondary", "sm", "block cursor-pointer list-none")}
          testId="export-menu"
        >
          <ul className="w-56 space-y-1 text-sm">
            <li>
              <a href={exportHref("csv")} download className="block rounded px-2 py-1 hover:bg-slate-100">
                Export CSV
              </a>
            </li>
            <li>
              <a href={exportHref("json")} download className="block rounded px-2 py-1 hover:bg-slate-100">
                Export JSON
              </a>
            </li>
            {reportHref && (
              <li>
                {/* No prefetch: the report summarizes the whole scan, work worth doing only when asked for. */}
                <Link
                  href={reportHref}
                  prefetch={false}
                  className="block rounded px-2 py-1 hover:bg-slate-100"
                >
                  Report
                </Link>
              </li>
            )}
          </ul>
        </Popover>
        {canShare && <ShareButton scanId={scan.id} view={view} />}
        {fixes}
      </span>
      {below && <div className="w-full">{below}</div>}
    </div>
  );
}

/** The fixes an operator can start from the findings: the selected keys, every foreign key of the view, the bucket. */
export function FixButtons({
  selected,
  fixable,
  label,
  onFixSelected,
  onFixAll,
  onEnforce,
}: {
  selected: number;
  fixable: number | undefined;
  label: string;
  onFixSelected: () => void;
  onFixAll: () => void;
  onEnforce: () => void;
}) {
  return (
    <>
      {/* Offered once something is selected: the bar stays one line until then. */}
      {selected > 0 && (
        <Button onClick={onFixSelected} variant="secondary">
          Fix selected ({selected})
        </Button>
      )}
      <Button
        data-testid="fix-all-matching"
        disabled={fixable === 0}
        title={fixable === 0 ? "No key of this view is foreign-owned now" : undefined}
        onClick={onFixAll}
        variant="primary"
        size="control"
      >
        {label}
      </Button>
      <Button
        onClick={onEnforce}
        title="Object Ownership BucketOwnerEnforced: the bucket owner owns every object, in one request"
        variant="secondary"
      >
        Enforce bucket owner…
      </Button>
    </>
  );
}
