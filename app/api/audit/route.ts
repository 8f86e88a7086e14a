import { NextResponse } from "next/server";
import { auditLog } from "@/lib/api/fixes";
import { handle, searchParamsOf } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { auditToCsv } from "@/lib/fix/audit-csv";
import { auditQuerySchema } from "@/lib/schemas/fix";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/audit?connectionId&bucket&jobId&before&limit&format=json|csv - every fix action, newest first
export const GET = handle("viewer", async (request) => {
  const q = auditQuerySchema.parse(searchParamsOf(request));
  const entries = auditLog(getDb(), { ...q, beforeId: q.before });
  if (q.format === "csv") {
    return new NextResponse(auditToCsv(entries), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="ownerscope-audit${q.bucket ? `-${q.bucket}` : ""}.csv"`,
      },
    });
  }
  return NextResponse.json({ entries });
});
