import { NextResponse } from "next/server";
import { idSchema, resend } from "@/lib/api/alerts";
import { handle } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { deliverNow } from "@/lib/jobs/watch-service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ deliveryId: string }> };

// POST /api/alerts/deliveries/:deliveryId/resend - send a failed delivery again
export const POST = handle<Context>("operator", async (_request, context) => {
  const result = resend(getDb(), idSchema.parse((await context.params).deliveryId));
  deliverNow();
  return NextResponse.json(result);
});
