import { NextResponse } from "next/server";
import { createConnection } from "@/lib/api/connections";
import { handle, readJson } from "@/lib/api/respond";
import { allows } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { listConnections } from "@/lib/db/connections";
import { connectionSchema } from "@/lib/schemas/connection";
import type { ConnectionDto } from "@/lib/schemas/listing";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/connections - the configured connections (no profile, role or keys leave the server; the endpoint only
// to admins)
export const GET = handle("viewer", async (_request, _context, user) => {
  const admin = allows(user!.role, "admin");
  const connections: ConnectionDto[] = listConnections(getDb()).map((c) => ({
    id: c.id,
    name: c.name,
    endpointUrl: admin ? c.endpointUrl : null,
    region: c.region,
  }));
  return NextResponse.json({ connections });
});

// POST /api/connections - add a connection (admins)
export const POST = handle("admin", async (request) => {
  const input = connectionSchema.parse(await readJson(request));
  return NextResponse.json(createConnection(getDb(), input), { status: 201 });
});
