import { NextResponse } from "next/server";
import { z } from "zod";
import { handle, searchParamsOf } from "@/lib/api/respond";
import { sharedFindings } from "@/lib/api/share";
import { getDb } from "@/lib/db";
import { shareTokenSchema } from "@/lib/schemas/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };
const pageSchema = z.object({
  cursor: z.string().max(8192).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

// GET /api/share/view/:token/findings?cursor&limit - the shared view's findings, with the link's filters
export const GET = handle<Context>("public", async (request, { params }) => {
  const token = shareTokenSchema.parse((await params).token);
  return NextResponse.json(await sharedFindings(getDb(), token, pageSchema.parse(searchParamsOf(request))));
});
