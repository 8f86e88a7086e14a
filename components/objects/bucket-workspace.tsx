"use client";

import { useSearchParams } from "next/navigation";
import { InventoryPanel } from "@/components/inventory/inventory-panel";
import { ObjectBrowser } from "@/components/objects/object-browser";
import { ScanControls } from "@/components/scans/scan-controls";
import { ScanView } from "@/components/scans/scan-view";

/** The bucket page: scan controls, then either the live listing or the scan chosen in the URL. */
export function BucketWorkspace({
  connectionId,
  bucket,
  canOperate,
  bucketHref,
}: {
  bucketHref: string;
  connectionId: string;
  bucket: string;
  canOperate: boolean;
}) {
  const scan = Number(useSearchParams().get("scan"));
  return (
    <div className="space-y-4">
      <ScanControls connectionId={connectionId} bucket={bucket} canScan={canOperate} />
      <InventoryPanel connectionId={connectionId} bucket={bucket} />
      {Number.isInteger(scan) && scan > 0 ? (
        <ScanView key={scan} scanId={scan} canOperate={canOperate} bucketHref={bucketHref} />
      ) : (
        <ObjectBrowser connectionId={connectionId} bucket={bucket} />
      )}
    </div>
  );
}
