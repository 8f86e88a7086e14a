"use client";

import { InventoryPanel } from "@/components/inventory/inventory-panel";
import { ObjectBrowser } from "@/components/objects/object-browser";
import { ScanControls } from "@/components/scans/scan-controls";
import { ScanView } from "@/components/scans/scan-view";
import { TabPanel, ViewTabs } from "@/components/ui/view-tabs";
import { useUrlState } from "@/lib/hooks/use-url-state";

/**
 * The bucket page: scan controls, then the scan chosen in the URL (findings first, the rest in tabs), or else the
 * live listing beside the bucket's S3 Inventory tab.
 */
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
  const { params, set } = useUrlState();
  const scan = Number(params.get("scan"));
  const inventory = <InventoryPanel connectionId={connectionId} bucket={bucket} />;
  const tab = params.get("tab") === "inventory" ? "inventory" : "objects";
  return (
    <div className="space-y-3">
      <ScanControls connectionId={connectionId} bucket={bucket} canScan={canOperate} />
      {Number.isInteger(scan) && scan > 0 ? (
        <ScanView
          key={scan}
          scanId={scan}
          canOperate={canOperate}
          bucketHref={bucketHref}
          inventory={inventory}
          bucket={bucket}
        />
      ) : (
        <>
          <ViewTabs
            label="Bucket views"
            tabs={[
              { id: "objects", label: "Objects" },
              { id: "inventory", label: "S3 Inventory" },
            ]}
            active={tab}
            onSelect={(id) => set({ tab: id === "objects" ? null : id })}
          />
          <TabPanel id={tab}>
            {tab === "inventory" ? inventory : <ObjectBrowser connectionId={connectionId} bucket={bucket} />}
          </TabPanel>
        </>
      )}
    </div>
  );
}
