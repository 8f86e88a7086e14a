import { NextResponse } from "next/server";
import { auditLog, exportAudit } from "@/lib/api/audit-log";
import { handle, searchParamsOf } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { auditQuerySchema } from "@/lib/schemas/fix";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/audit?connectionId&bucket&jobId&before&limit&format=json|csv - every fix action, newest first: JSON a page
// at a time (nextBefore continues it), CSV every matching entry as one streamed file
export const GET = handle("viewer", async (request) => {
  const { format, limit, before, ...filter } = auditQuerySchema.parse(searchParamsOf(request));
  if (format === "csv") {
    return new Response(exportAudit(getDb(), { ...filter, beforeId: before }, limit), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="ownerscope-audit${filter.bucket ? `-${filter.bucket}` : ""}.csv"`,
      },
    });
  }
  return NextResponse.json(auditLog(getDb(), { ...filter, beforeId: before, limit: limit ?? 200 }));
});
