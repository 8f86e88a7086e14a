import { NextResponse } from "next/server";
import { z } from "zod";
import { handle } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { deleteAccount } from "@/lib/db/connections";
import { AppError } from "@/lib/errors";
import { connectionIdSchema } from "@/lib/schemas/connection";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ connectionId: string; canonicalId: string }> };

// DELETE /api/connections/:id/accounts/:canonicalId - forget an account's name and fixer (admins)
export const DELETE = handle<Context>("admin", async (_request, { params }) => {
  const p = await params;
  const id = connectionIdSchema.parse(p.connectionId);
  const canonicalId = z.string().min(1).max(128).parse(p.canonicalId);
  if (!deleteAccount(getDb(), id, canonicalId)) throw new AppError("not_found", `No account ${canonicalId}.`);
  return NextResponse.json({ deleted: true });
});
