import { NextResponse } from "next/server";
import { disableUser } from "@/lib/api/auth";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { disableSchema } from "@/lib/schemas/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/users/disable - disable a user (its sessions, one-time links and share links stop at once), or enable
// it again (admin)
export const POST = handle("admin", async (request, _context, admin) => {
  const { username, disabled } = disableSchema.parse(await readJson(request));
  return NextResponse.json({ user: disableUser(getDb(), admin!, username, disabled) });
});
