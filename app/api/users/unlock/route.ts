import { NextResponse } from "next/server";
import { unlockUser } from "@/lib/api/auth";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { unlockSchema } from "@/lib/schemas/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/users/unlock - lift the sign-in hold on a user after failed attempts (admin)
export const POST = handle("admin", async (request) => {
  const { username } = unlockSchema.parse(await readJson(request));
  return NextResponse.json(unlockUser(getDb(), username));
});
