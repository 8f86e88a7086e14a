import { NextResponse } from "next/server";
import { z } from "zod";
import { testConnection } from "@/lib/api/connections";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { connectionIdSchema } from "@/lib/schemas/connection";
import { bucketNameSchema } from "@/lib/schemas/listing";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ connectionId: string }> };
const testSchema = z.object({ bucket: bucketNameSchema.optional() }).strict();

// POST /api/connections/:id/test - run the calls Ownerscope needs and say what to change for each that fails
export const POST = handle<Context>("operator", async (request, { params }) => {
  const id = connectionIdSchema.parse((await params).connectionId);
  const { bucket } = testSchema.parse(await readJson(request));
  return NextResponse.json(await testConnection(getDb(), id, bucket));
});
