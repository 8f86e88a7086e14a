"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FolderIcon } from "@/components/ui/folder-icon";
import { PrefixBreadcrumbs } from "@/components/ui/prefix-breadcrumbs";
import { nameBelow } from "@/lib/ownership/prefix";
import { useFolders } from "@/lib/queries/findings";

// Folders shown in the one row before "all folders" unfolds the rest.
const FIRST_FOLDERS = 6;

/**
 * Prefix navigation for a scan's findings, in one row: breadcrumbs, then the first folders one level down with how
 * many matching keys (and foreign ones) each holds; the rest unfold on request. The table below lists every matching
 * key under the prefix.
 */
export function FolderNav({
  scanId,
  bucket,
  view,
  hrefWith,
}: {
  scanId: number;
  bucket: string;
  view: Record<string, string>;
  hrefWith: (patch: Record<string, string | null>) => string;
}) {
  const prefix = view.prefix ?? "";
  const folders = useFolders(scanId, view, true);
  const [all, setAll] = useState(false);
  const found = folders.data ?? [];
  const shown = found.slice(0, all ? 60 : FIRST_FOLDERS);
  return (
    <div className="flex items-start gap-2">
      <PrefixBreadcrumbs bucket={bucket} prefix={prefix} hrefFor={(p) => hrefWith({ prefix: p || null })} />
      {shown.length > 0 && (
        <ul
          aria-label="Folders"
          className={`flex min-w-0 gap-1.5 text-sm ${all ? "flex-wrap" : "overflow-x-auto overflow-y-hidden whitespace-nowrap"}`}
        >
          {shown.map((f) => (
            <li key={f.prefix}>
              <Link
                href={hrefWith({ prefix: f.prefix })}
                // One view of this same page per folder: fetched when chosen, not as each comes into view.
                prefetch={false}
                scroll={false}
                data-testid="folder"
                data-prefix={f.prefix}
                className="flex items-center gap-1.5 rounded-md border border-slate-200 bg-white px-2 py-0.5 hover:border-sky-400"
              >
                <FolderIcon />
                <span className="font-medium">{nameBelow(prefix, f.prefix)}</span>
                <span className="text-xs text-slate-500">{f.objects.toLocaleString()}</span>
                {f.foreign > 0 && (
                  <span className="text-foreign text-xs font-medium">
                    {f.foreign.toLocaleString()} foreign
                  </span>
                )}
              </Link>
            </li>
          ))}
          {!all && found.length > shown.length && (
            <li className="self-center">
              <Button onClick={() => setAll(true)} variant="link" size="sm">
                all {found.length.toLocaleString()} folders
              </Button>
            </li>
          )}
          {all && found.length > shown.length && (
            <li className="self-center text-xs text-slate-500">
              and {(found.length - shown.length).toLocaleString()} more: search to narrow
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
