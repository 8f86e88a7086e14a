import { NextResponse } from "next/server";
import { addUser, users } from "@/lib/api/auth";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { newUserSchema } from "@/lib/schemas/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/users - every user and role (admin)
export const GET = handle("admin", async () => NextResponse.json({ users: users(getDb()) }));

// POST /api/users - add a user with a role and an initial password (admin)
export const POST = handle("admin", async (request) => {
  const { username, role, password } = newUserSchema.parse(await readJson(request));
  return NextResponse.json({ user: await addUser(getDb(), username, role, password) }, { status: 201 });
});
