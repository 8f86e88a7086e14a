"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Check, Input, Select } from "@/components/ui/field";
import { formatTimestamp } from "@/lib/format";
import { useUrlState } from "@/lib/hooks/use-url-state";
import { clearedView } from "@/lib/queries/findings";
import { useScanList, useStartScan } from "@/lib/queries/scans";

/** Start a scan of this bucket (or the current prefix), or pick a past one to view. */
export function ScanControls({
  connectionId,
  bucket,
  canScan,
}: {
  connectionId: string;
  bucket: string;
  canScan: boolean;
}) {
  const { params, set } = useUrlState();
  const [mode, setMode] = useState<"full" | "fast" | "inventory">("full");
  const [inventory, setInventory] = useState("");
  const [versions, setVersions] = useState(false);
  const scans = useScanList(connectionId, bucket);
  const start = useStartScan();
  const prefix = params.get("prefix") ?? "";
  const selected = params.get("scan") ?? "";

  return (
    // One row: which scan is on screen, then how to start another (labels for screen readers; the controls say it).
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label className="flex min-w-0 flex-1 items-center gap-2 sm:flex-none">
        <span className="text-xs font-medium text-slate-600">View</span>
        <Select
          aria-label="View"
          value={selected}
          onChange={(e) => set({ ...clearedView(), scan: e.target.value || null })}
          className="w-full min-w-0 sm:w-auto sm:max-w-md"
        >
          <option value="">Live listing</option>
          {(scans.data ?? []).map((s) => (
            <option key={s.id} value={String(s.id)}>
              Scan #{s.id} · {s.prefix || "whole bucket"} · {s.source === "inventory" ? "inventory" : s.mode}{" "}
              · {s.status} · {formatTimestamp(s.createdAt)} UTC
            </option>
          ))}
        </Select>
      </label>
      {canScan && (
        <>
          <label className="ml-auto flex items-center">
            <span className="sr-only">Mode</span>
            <Select value={mode} onChange={(e) => setMode(e.target.value as "full" | "fast" | "inventory")}>
              <option value="full">full: every key&apos;s ACL</option>
              <option value="fast">fast: only foreign keys&apos; ACLs</option>
              <option value="inventory">from an S3 Inventory report</option>
            </Select>
          </label>
          {mode === "inventory" && (
            <label className="flex min-w-0 items-center">
              <span className="sr-only">Report location</span>
              <Input
                value={inventory}
                onChange={(e) => setInventory(e.target.value)}
                placeholder="s3://inventory-bucket/prefix/ or …/manifest.json"
                className="w-96 max-w-full"
              />
            </label>
          )}
          <label className="flex items-center gap-1.5">
            <Check type="checkbox" checked={versions} onChange={(e) => setVersions(e.target.checked)} />
            all versions
          </label>
          <Button
            disabled={start.isPending}
            onClick={() =>
              start.mutate(
                mode === "inventory"
                  ? {
                      connectionId,
                      bucket,
                      prefix: "",
                      mode: "fast",
                      versions: false,
                      inventory: inventory.trim(),
                    }
                  : { connectionId, bucket, prefix, mode, versions },
                {
                  onSuccess: ({ scanId }) => set({ ...clearedView(), scan: String(scanId) }),
                },
              )
            }
            variant="primary"
            size="control"
          >
            {start.isPending
              ? "Starting…"
              : mode === "inventory"
                ? "Read report"
                : prefix
                  ? `Scan ${prefix}`
                  : "Scan bucket"}
          </Button>
        </>
      )}
      {start.error && (
        <div className="w-full">
          <ErrorPanel message={start.error.message} />
        </div>
      )}
    </div>
  );
}
