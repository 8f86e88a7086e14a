import { NextResponse } from "next/server";
import { bucketPosture } from "@/lib/api/connections";
import { takeLiveRead } from "@/lib/api/rate-limit";
import { handle } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { connectionIdSchema } from "@/lib/schemas/connection";
import { bucketNameSchema } from "@/lib/schemas/listing";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ connectionId: string; bucket: string }> };

// GET /api/connections/:id/buckets/:bucket/posture - Object Ownership, blocking ACL grants, writer policy, versioning
export const GET = handle<Context>("viewer", async (_request, { params }, user) => {
  takeLiveRead(String(user!.id));
  const p = await params;
  const posture = await bucketPosture(
    getDb(),
    connectionIdSchema.parse(p.connectionId),
    bucketNameSchema.parse(p.bucket),
  );
  return NextResponse.json(posture);
});
