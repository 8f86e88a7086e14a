import Link from "next/link";
import { notFound } from "next/navigation";
import { PrintButton } from "@/components/audit/print-button";
import { ScanReport } from "@/components/audit/scan-report";
import { boxClass } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { bucketPageParams } from "@/lib/api/bucket-page";
import { reportFindings } from "@/lib/api/report";
import { pastScans, scanById, scanSummary } from "@/lib/api/scans";
import { viewInWords } from "@/lib/audit/view-words";
import { getDb, type Db } from "@/lib/db";
import { listAccounts } from "@/lib/db/connections";
import { accountNameMap } from "@/lib/ownership/owners";
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
  const { connection, bucket, bucketHref, user } = await bucketPageParams(Promise.resolve(p));
  const scanId = scanIdSchema.safeParse(p.scanId);
  const raw = Object.fromEntries(
    Object.entries(await searchParams).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  const query = findingsQuerySchema.safeParse({ ...raw, limit: REPORT_ROWS });
  if (!scanId.success || !query.success) notFound();
  const db = getDb();
  const scan = findScan(db, scanId.data);
  if (!scan || scan.bucket !== bucket || scan.connectionId !== connection.id) notFound();
  const page = await reportFindings(db, scan.id, query.data, REPORT_ROWS);
  const names = accountNameMap(listAccounts(db, connection.id));
  const filters = viewInWords(raw, (id) => names.get(id) ?? id);
  const generatedAt = new Date().toISOString();
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">
          Ownership report: {bucket}
          {scan.prefix && <span className="text-slate-500">/{scan.prefix}</span>}
        </h2>
        <span className="flex items-center gap-3 print:hidden">
          <Link href={`${bucketHref}?scan=${scan.id}`} className="text-sm text-sky-700 hover:underline">
            Scan #{scan.id}&apos;s findings
          </Link>
          <PrintButton />
        </span>
      </div>
      {/* What an auditor files: what was looked at, when, by which scan, and who made this page of it. */}
      <dl
        data-testid="report-title"
        className={`${boxClass} grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 p-3 text-sm sm:grid-cols-[auto_1fr_auto_1fr]`}
      >
        <dt className="text-slate-500">Connection</dt>
        <dd>
          {connection.name} (<code>{connection.id}</code>)
        </dd>
        <dt className="text-slate-500">Bucket</dt>
        <dd>
          <code>{bucket}</code> · owner <code className="break-all">{scan.bucketOwnerId}</code>
        </dd>
        <dt className="text-slate-500">Scope</dt>
        <dd data-testid="report-scope">
          {scan.prefix ? `keys under ${scan.prefix}` : "the whole bucket"}
          {filters.length > 0 && `; findings ${filters.join(" · ")}`}
        </dd>
        <dt className="text-slate-500">Scan</dt>
        <dd>
          #{scan.id},{" "}
          {scan.source === "inventory" ? "from an S3 Inventory report" : `live, ${scan.mode} mode`}
          {scan.versions ? ", all versions" : ""}, finished <Time at={scan.finishedAt} />
        </dd>
        <dt className="text-slate-500">Generated</dt>
        <dd data-testid="report-generated">
          <Time at={generatedAt} /> by {user.username}
        </dd>
      </dl>
      <ScanReport
        scan={scan}
        summary={scanSummary(db, scan.id)}
        history={pastScans(db, { connectionId: connection.id, bucket, limit: 30 })}
        findings={page.findings}
        total={page.total}
        filters={filters}
      />
    </div>
  );
}
