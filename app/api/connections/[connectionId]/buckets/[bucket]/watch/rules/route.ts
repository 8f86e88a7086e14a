import { NextResponse } from "next/server";
import { bucketOf, type Context } from "@/lib/api/bucket-params";
import { handle, readJson } from "@/lib/api/respond";
import { addAlertRule } from "@/lib/api/watch";
import { getDb } from "@/lib/db";
import { alertRuleInputSchema } from "@/lib/schemas/alerts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/connections/:id/buckets/:bucket/watch/rules {channelId, accountId?, threshold, digestMinutes?} - an alert
// rule: new foreign objects (from any account or one), at once or as a digest, sent to a channel
export const POST = handle<Context>("operator", async (request, context) => {
  const { connectionId, bucket } = await bucketOf(context);
  const input = alertRuleInputSchema.parse(await readJson(request));
  return NextResponse.json(await addAlertRule(getDb(), connectionId, bucket, input), { status: 201 });
});
