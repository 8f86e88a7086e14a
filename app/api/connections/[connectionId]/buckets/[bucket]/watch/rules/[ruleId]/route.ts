import { NextResponse } from "next/server";
import { z } from "zod";
import { bucketOf, type Context } from "@/lib/api/bucket-params";
import { handle } from "@/lib/api/respond";
import { removeAlertRule } from "@/lib/api/watch";
import { getDb } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// DELETE /api/connections/:id/buckets/:bucket/watch/rules/:ruleId - remove an alert rule
export const DELETE = handle<Context>("operator", async (_request, context) => {
  const { connectionId, bucket } = await bucketOf(context);
  const ruleId = z.coerce
    .number()
    .int()
    .positive()
    .parse((await context.params).ruleId);
  return NextResponse.json(await removeAlertRule(getDb(), connectionId, bucket, ruleId));
});
