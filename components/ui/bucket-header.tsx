"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The pages of one bucket, by the end of their path ("" is the findings page). */
export const bucketPages = [
  { path: "", label: "Findings" },
  { path: "/watch", label: "Watch" },
  { path: "/writers", label: "Writers" },
  { path: "/acl-migration", label: "Disable ACLs" },
  { path: "/diff", label: "Compare scans" },
  { path: "/audit", label: "Audit log" },
] as const;

/**
 * Every bucket page's head: where it is in words (Overview › connection › bucket › page), the bucket's name, and its
 * pages as one row of links (the current one marked). The findings link opens the newest scan, when there is one.
 */
export function BucketHeader({
  connectionName,
  bucket,
  bucketHref,
  latestScanId,
}: {
  connectionName: string;
  bucket: string;
  bucketHref: string;
  latestScanId: number | null;
}) {
  const pathname = decodeURIComponent(usePathname());
  const base = decodeURIComponent(bucketHref);
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : "";
  const current = bucketPages.find((p) => p.path === rest);
  const report = rest.includes("/report");
  const findingsHref = latestScanId ? `${bucketHref}?scan=${latestScanId}` : bucketHref;
  return (
    <div className="space-y-1 print:hidden">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <ol className="flex flex-wrap items-center gap-x-1.5">
          <li>
            <Link href="/" className="hover:underline">
              Overview
            </Link>
          </li>
          <li aria-hidden>›</li>
          <li>
            <Link href="/" className="hover:underline">
              {connectionName}
            </Link>
          </li>
          <li aria-hidden>›</li>
          <li className="min-w-0 break-all">
            {current?.path === "" ? (
              <span aria-current="page">{bucket}</span>
            ) : (
              <Link href={findingsHref} prefetch={false} className="hover:underline">
                {bucket}
              </Link>
            )}
          </li>
          {(report || (current && current.path !== "")) && (
            <>
              <li aria-hidden>›</li>
              <li aria-current="page">{report ? "Report" : current!.label}</li>
            </>
          )}
        </ol>
      </nav>
      <div className="flex flex-wrap items-baseline gap-x-6 gap-y-1">
        <h1 className="min-w-0 text-xl font-semibold break-all">{bucket}</h1>
        <nav aria-label="Bucket pages" className="-mx-1 max-w-full overflow-x-auto overflow-y-hidden">
          <ul className="flex gap-1 text-sm whitespace-nowrap">
            {bucketPages.map((p) => {
              const active = current?.path === p.path;
              return (
                <li key={p.label}>
                  <Link
                    href={p.path === "" ? findingsHref : `${bucketHref}${p.path}`}
                    // A scan's view of the page is fetched when chosen, not ahead.
                    prefetch={p.path === "" ? false : undefined}
                    aria-current={active ? "page" : undefined}
                    className={`block rounded-md px-2 py-1 ${active ? "bg-slate-900 text-white" : "text-sky-700 hover:bg-slate-100"}`}
                  >
                    {p.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      </div>
    </div>
  );
}
