import { AuditTable } from "@/components/audit/audit-table";
import { buttonClass } from "@/components/ui/button";
import { bucketPageParams } from "@/lib/api/bucket-page";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ connectionId: string; bucket: string }> };

export default async function AuditPage({ params }: Props) {
  const { connection, bucket } = await bucketPageParams(params);
  const csv = `/api/audit?${new URLSearchParams({ connectionId: connection.id, bucket, format: "csv" })}`;
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">Audit log</h2>
        <a href={csv} download className={buttonClass("secondary")}>
          Export CSV
        </a>
      </div>
      <AuditTable connectionId={connection.id} bucket={bucket} />
    </div>
  );
}
