import { NextResponse } from "next/server";
import { handle, readJson, searchParamsOf } from "@/lib/api/respond";
import { createShare, shareLinks } from "@/lib/api/share";
import { getDb } from "@/lib/db";
import { newShareSchema } from "@/lib/schemas/auth";
import { scanIdSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/share - a read-only link to one scan's view (operator); the link's path is returned only here
export const POST = handle("operator", async (request, _context, user) => {
  const input = newShareSchema.parse(await readJson(request));
  return NextResponse.json(createShare(getDb(), user!, input), { status: 201 });
});

// GET /api/share?scanId - share links, who made them, when they expire (operator); never their tokens
export const GET = handle("operator", async (request) => {
  const { scanId } = searchParamsOf(request);
  return NextResponse.json({ links: shareLinks(getDb(), scanId ? scanIdSchema.parse(scanId) : undefined) });
});
