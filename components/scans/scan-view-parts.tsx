"use client";

import { EnforceDialog } from "@/components/fixes/enforce-dialog";
import { FixDialog } from "@/components/fixes/fix-dialog";
import { FixJobsList } from "@/components/fixes/fix-jobs-list";
import { HandoffPanel } from "@/components/fixes/handoff-panel";
import { WriterGuidancePanel } from "@/components/fixes/writer-guidance";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { TabPanel, type ViewTab } from "@/components/ui/view-tabs";
import { cutText } from "@/lib/keys";
import type { droppedFilters } from "@/lib/queries/findings";
import type { useScan } from "@/lib/queries/scans";
import type { FixSelectionInput } from "@/lib/schemas/fix";
import type { OwnerCountDto } from "@/lib/schemas/scan";
import type { ScanDto } from "@/lib/schemas/scan";
import type { ReactNode } from "react";

// The parts of a scan's page around its findings (components/scans/scan-view.tsx): the note of what a link asked
// for that was left out, the other views, the dialogs, and what is shown when the scan cannot be.

export type DialogState = { selection: Omit<FixSelectionInput, "strategy">; title: string } | null;

/** What a shared or bookmarked link asked for that this view leaves out, and the way to drop it from the link. */
export function DroppedFilters({
  dropped,
  onRemove,
}: {
  dropped: ReturnType<typeof droppedFilters>;
  onRemove: () => void;
}) {
  return (
    <p data-testid="dropped-filters" className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm">
      Left out of this view, from its link:{" "}
      {dropped
        // A link can carry anything: long values are cut (never inside a character).
        .map((d) => `${d.field} "${cutText(d.value, 60)}${d.value.length > 60 ? "…" : ""}" (${d.reason})`)
        .join("; ")}
      .{" "}
      <Button onClick={onRemove} variant="plain" className="font-medium underline">
        Remove from the link
      </Button>
    </p>
  );
}

/** The scan's views: its findings, what to tell the writers and the hand-off (when keys are foreign), and more. */
export function tabsOf(canOperate: boolean, foreignSeen: boolean): ViewTab[] {
  return [
    { id: "findings", label: "Findings" },
    ...(foreignSeen ? [{ id: "guidance", label: "Writer guidance" }] : []),
    ...(canOperate && foreignSeen ? [{ id: "handoff", label: "Batch Operations hand-off" }] : []),
    { id: "inventory", label: "S3 Inventory" },
    { id: "jobs", label: "Fix jobs" },
  ];
}

/** A view of the scan other than its findings. */
export function OtherTab({
  tab,
  scanId,
  owners,
  inventory,
  jobs,
}: {
  tab: string;
  scanId: number;
  owners: OwnerCountDto[] | undefined;
  inventory: ReactNode;
  jobs: { connectionId: string; bucket: string };
}) {
  return (
    <>
      {tab === "guidance" && (
        <TabPanel id="guidance">
          <WriterGuidancePanel scanId={scanId} />
        </TabPanel>
      )}
      {tab === "handoff" && owners && (
        <TabPanel id="handoff">
          <HandoffPanel scanId={scanId} owners={owners} />
        </TabPanel>
      )}
      {tab === "inventory" && <TabPanel id="inventory">{inventory}</TabPanel>}
      {tab === "jobs" && (
        <TabPanel id="jobs">
          <FixJobsList connectionId={jobs.connectionId} bucket={jobs.bucket} />
        </TabPanel>
      )}
    </>
  );
}

export const FixThisKey = ({ onFix }: { onFix: () => void }) => (
  <Button onClick={onFix} variant="secondary" size="sm">
    Fix this key
  </Button>
);

/** For keyboard and screen-reader users: past the scan's line and bar, straight to the table. */
export const SkipToFindings = () => (
  <a
    href="#findings"
    className="sr-only rounded bg-white px-3 py-2 text-sm font-medium focus:not-sr-only focus:absolute focus:z-40"
  >
    Skip to findings
  </a>
);

/** The fix plan of a selection, or the bucket-wide enforcement, over the page. */
export function ScanDialogs({
  dialog,
  enforcing,
  onClose,
  onStarted,
  onRescanned,
}: {
  dialog: DialogState;
  enforcing: (ScanDto & { connectionId: string }) | null;
  onClose: () => void;
  onStarted: (jobId: number) => void;
  onRescanned: (scanId: number) => void;
}) {
  return (
    <>
      {dialog && (
        <FixDialog
          selection={dialog.selection}
          title={dialog.title}
          onClose={onClose}
          onStarted={onStarted}
        />
      )}
      {enforcing && <EnforceDialog scan={enforcing} onClose={onClose} onRescanned={onRescanned} />}
    </>
  );
}

/** The fix job the URL opens (`fix=ID`), if any. */
export function openJobOf(params: URLSearchParams): number | null {
  const id = Number(params.get("fix"));
  return Number.isInteger(id) && id > 0 ? id : null;
}

/** A scan that could not be read (with the way back to the bucket), or one of another bucket than the page's. */
export function ScanUnavailable({
  scan,
  scanId,
  bucket,
  bucketHref,
}: {
  scan: ReturnType<typeof useScan>;
  scanId: number;
  bucket: string;
  bucketHref: string;
}) {
  if (scan.error)
    return (
      <ErrorPanel
        message={scan.error.message}
        error={scan.error}
        onRetry={() => scan.refetch()}
        back={{ href: bucketHref, label: `Back to ${bucket}'s live listing (its scans are under View)` }}
      />
    );
  return (
    <ErrorPanel
      message={`Scan #${scanId} is a scan of bucket ${scan.data?.bucket}, not of ${bucket}: open it from that bucket's page.`}
    />
  );
}
