import { NextResponse } from "next/server";
import { inventorySetup } from "@/lib/api/connections";
import { takeLiveRead } from "@/lib/api/rate-limit";
import { handle } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { connectionIdSchema } from "@/lib/schemas/connection";
import { bucketNameSchema } from "@/lib/schemas/listing";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ connectionId: string; bucket: string }> };

// GET /api/connections/:id/buckets/:bucket/inventory - its inventory configurations, checked for ObjectOwner and ACLs
export const GET = handle<Context>("viewer", async (_request, { params }, user) => {
  takeLiveRead(String(user!.id));
  const p = await params;
  const setup = await inventorySetup(
    getDb(),
    connectionIdSchema.parse(p.connectionId),
    bucketNameSchema.parse(p.bucket),
  );
  return NextResponse.json(setup);
});
