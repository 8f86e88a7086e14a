import { NextResponse } from "next/server";
import { handoffBundle, submitHandoff } from "@/lib/api/handoff";
import { handle, readJson, searchParamsOf } from "@/lib/api/respond";
import { requireScan } from "@/lib/api/scans";
import { getDb } from "@/lib/db";
import { handoffQuerySchema } from "@/lib/schemas/fix";
import { scanIdSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ scanId: string }> };

// GET /api/scans/:scanId/handoff?owner&accountId&strategy&workBucket&workPrefix&roleName - a Batch Operations bundle
export const GET = handle<Context>("operator", async (request, { params }) => {
  const scan = requireScan(getDb(), scanIdSchema.parse((await params).scanId));
  return NextResponse.json(handoffBundle(getDb(), scan, handoffQuerySchema.parse(searchParamsOf(request))));
});

// POST /api/scans/:scanId/handoff - upload the manifests and create the jobs as the owning account's fixer
export const POST = handle<Context>("operator", async (request, { params }) => {
  const scan = requireScan(getDb(), scanIdSchema.parse((await params).scanId));
  const q = handoffQuerySchema.parse(await readJson(request));
  return NextResponse.json(await submitHandoff(getDb(), scan, q), { status: 201 });
});
