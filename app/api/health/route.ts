import { NextResponse } from "next/server";
import { getDb, pingDb } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/health - for a supervisor or load balancer: the server answers and its database does (no session needed)
export async function GET() {
  try {
    pingDb(getDb());
    return NextResponse.json({ ok: true });
  } catch (error) {
    console.error("[ownerscope] health check: the database did not answer", error);
    return NextResponse.json(
      { error: { code: "unavailable", message: "The database did not answer." } },
      { status: 503 },
    );
  }
}
