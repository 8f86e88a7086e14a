import { z } from "zod";
import { exportFindings, exportSource } from "@/lib/api/findings";
import { handle, searchParamsOf } from "@/lib/api/respond";
import { requireScan } from "@/lib/api/scans";
import { getDb } from "@/lib/db";
import { exportFileName } from "@/lib/export/findings-csv";
import { findingsViewSchema, scanIdSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ scanId: string }> };
const exportSchema = findingsViewSchema.extend({ format: z.enum(["csv", "json"]).default("csv") });

// GET /api/scans/:scanId/export?format=csv|json&<view filters> - every finding of the view, streamed as a file
export const GET = handle<Context>("viewer", async (request, { params }) => {
  const scanId = scanIdSchema.parse((await params).scanId);
  const { format, ...view } = exportSchema.parse(searchParamsOf(request));
  const db = getDb();
  const file = exportFileName(exportSource(requireScan(db, scanId)), format);
  return new Response(exportFindings(db, scanId, view, format), {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${file}"`,
    },
  });
});
