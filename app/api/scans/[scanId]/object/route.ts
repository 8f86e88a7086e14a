import { NextResponse } from "next/server";
import { z } from "zod";
import { objectDetail } from "@/lib/api/object-detail";
import { takeLiveRead } from "@/lib/api/rate-limit";
import { handle, searchParamsOf } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { scanIdSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ scanId: string }> };
const objectSchema = z.object({
  key: z.string().min(1).max(1024),
  versionId: z.string().max(1024).optional(),
});

// GET /api/scans/:scanId/object?key&versionId - one key's finding, live headers, grants, tags, versions, fix history
// (live reads of S3: rate-limited per user like the bucket routes)
export const GET = handle<Context>("viewer", async (request, { params }, user) => {
  takeLiveRead(String(user!.id));
  const scanId = scanIdSchema.parse((await params).scanId);
  const { key, versionId } = objectSchema.parse(searchParamsOf(request));
  return NextResponse.json(await objectDetail(getDb(), scanId, key, versionId));
});
