import { NextResponse } from "next/server";
import { bucketOf, type Context } from "@/lib/api/bucket-params";
import { handle, readJson } from "@/lib/api/respond";
import { putFixByRule } from "@/lib/api/watch";
import { getDb } from "@/lib/db";
import { fixByRuleSchema } from "@/lib/schemas/watch";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// PUT /api/connections/:id/buckets/:bucket/watch/fix-by-rule {enabled, accounts} - fix arriving objects of these
// accounts at once with the planned default fix (off by default; an admin's choice, as it writes without asking)
export const PUT = handle<Context>("admin", async (request, context) => {
  const { connectionId, bucket } = await bucketOf(context);
  const input = fixByRuleSchema.parse(await readJson(request));
  return NextResponse.json(await putFixByRule(getDb(), connectionId, bucket, input));
});
