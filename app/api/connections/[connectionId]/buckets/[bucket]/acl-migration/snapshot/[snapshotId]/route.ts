import { z } from "zod";
import { snapshotLines } from "@/lib/api/acl-migration";
import { bucketOf, type Context } from "@/lib/api/bucket-params";
import { handle, streamLines } from "@/lib/api/respond";
import { getDb } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/connections/:id/buckets/:bucket/acl-migration/snapshot/:snapshotId - the snapshot as JSONL (settings first)
export const GET = handle<Context>("viewer", async (_request, context) => {
  const { connectionId, bucket } = await bucketOf(context);
  const id = z.coerce
    .number()
    .int()
    .positive()
    .parse((await context.params).snapshotId);
  const lines = await snapshotLines(getDb(), connectionId, bucket, id);
  return new Response(streamLines(lines), {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="acl-snapshot-${id}.jsonl"`,
    },
  });
});
