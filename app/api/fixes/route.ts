import { NextResponse } from "next/server";
import { fixJobs } from "@/lib/api/fix-jobs";
import { startFix } from "@/lib/api/fixes";
import { handle, readJson, searchParamsOf } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { fixSelectionSchema } from "@/lib/schemas/fix";
import { scansQuerySchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/fixes - run the planned fix as a job (202; poll GET /api/fixes/:id)
export const POST = handle("operator", async (request, _context, user) => {
  const selection = fixSelectionSchema.parse(await readJson(request));
  return NextResponse.json(startFix(getDb(), selection, user?.username ?? "unknown"), { status: 202 });
});

// GET /api/fixes?connectionId&bucket&limit - fix jobs, newest first
export const GET = handle("viewer", async (request) => {
  return NextResponse.json({ jobs: fixJobs(getDb(), scansQuerySchema.parse(searchParamsOf(request))) });
});
