import { NextResponse } from "next/server";
import { objectListing } from "@/lib/api/browse";
import { takeLiveRead } from "@/lib/api/rate-limit";
import { handle, searchParamsOf } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { connectionIdSchema } from "@/lib/schemas/connection";
import { bucketNameSchema, listObjectsQuerySchema } from "@/lib/schemas/listing";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ connectionId: string; bucket: string }> };

// GET /api/connections/:connectionId/buckets/:bucket/objects?prefix&cursor&limit - one page of keys with owners
export const GET = handle<Context>("viewer", async (request, { params }, user) => {
  takeLiveRead(String(user!.id));
  const { connectionId, bucket } = await params;
  const query = listObjectsQuerySchema.parse(searchParamsOf(request));
  const listing = await objectListing(getDb(), {
    connectionId: connectionIdSchema.parse(connectionId),
    bucket: bucketNameSchema.parse(bucket),
    ...query,
  });
  return NextResponse.json(listing);
});
