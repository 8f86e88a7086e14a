import { notFound } from "next/navigation";
import { PrintButton } from "@/components/audit/print-button";
import { ScanReport } from "@/components/audit/scan-report";
import { BucketCrumbs } from "@/components/ui/bucket-crumbs";
import { bucketPageParams } from "@/lib/api/bucket-page";
import { scanFindings } from "@/lib/api/findings";
import { pastScans, scanById, scanSummary } from "@/lib/api/scans";
import { getDb, type Db } from "@/lib/db";
import { findingsQuerySchema, scanIdSchema } from "@/lib/schemas/scan";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ connectionId: string; bucket: string; scanId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const REPORT_ROWS = 1000;

function findScan(db: Db, id: number) {
  try {
    return scanById(db, id);
  } catch {
    return null; // unknown, or a CLI scan: both are a 404 here
  }
}

export default async function ScanReportPage({ params, searchParams }: Props) {
  const p = await params;
  const { connection, bucket, bucketHref } = await bucketPageParams(Promise.resolve(p));
  const scanId = scanIdSchema.safeParse(p.scanId);
  const raw = Object.fromEntries(
    Object.entries(await searchParams).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  const query = findingsQuerySchema.safeParse({ ...raw, limit: REPORT_ROWS });
  if (!scanId.success || !query.success) notFound();
  const db = getDb();
  const scan = findScan(db, scanId.data);
  if (!scan || scan.bucket !== bucket || scan.connectionId !== connection.id) notFound();
  const page = await scanFindings(db, scan.id, { ...query.data, cursor: undefined });
  const filters = Object.entries(raw)
    .filter(([k]) => k !== "sort" && k !== "dir")
    .map(([k, v]) => `${k}: ${v}`);
  return (
    <div className="space-y-4">
      <BucketCrumbs
        connectionName={connection.name}
        bucket={bucket}
        bucketHref={`${bucketHref}?scan=${scan.id}`}
      />
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">
          Ownership report: {bucket}
          {scan.prefix && <span className="text-slate-500">/{scan.prefix}</span>}
        </h1>
        <PrintButton />
      </div>
      <p className="text-sm text-slate-600">
        Scan #{scan.id} ({scan.mode}
        {scan.versions ? ", all versions" : ""}) · bucket owner <code>{scan.bucketOwnerId}</code>
      </p>
      <ScanReport
        scan={scan}
        summary={scanSummary(db, scan.id)}
        history={pastScans(db, { connectionId: connection.id, bucket, limit: 30 })}
        findings={page.findings}
        total={page.total ?? page.findings.length}
        filters={filters}
      />
    </div>
  );
}
