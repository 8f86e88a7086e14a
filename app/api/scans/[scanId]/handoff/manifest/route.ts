import { z } from "zod";
import { handoffManifest } from "@/lib/api/handoff";
import { handle, searchParamsOf, streamLines } from "@/lib/api/respond";
import { requireScan } from "@/lib/api/scans";
import { getDb } from "@/lib/db";
import { handoffQuerySchema } from "@/lib/schemas/fix";
import { scanIdSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ scanId: string }> };
const manifestQuerySchema = handoffQuerySchema.extend({ job: z.string().regex(/^(grant|reput-[a-z_]+)$/) });

// GET /api/scans/:scanId/handoff/manifest?…&job=NAME - one job's CSV manifest (bucket, URL-encoded key[, version])
export const GET = handle<Context>("operator", async (request, { params }) => {
  const scan = requireScan(getDb(), scanIdSchema.parse((await params).scanId));
  const { job, ...q } = manifestQuerySchema.parse(searchParamsOf(request));
  const lines = handoffManifest(getDb(), scan, q, job);
  return new Response(streamLines(lines), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${job}-manifest.csv"`,
    },
  });
});
