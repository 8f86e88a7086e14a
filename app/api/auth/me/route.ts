import { NextResponse } from "next/server";
import { handle } from "@/lib/api/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/auth/me - the signed-in user
export const GET = handle("viewer", async (_request, _context, user) => NextResponse.json({ user }));
