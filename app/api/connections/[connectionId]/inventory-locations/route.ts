import { NextResponse } from "next/server";
import { requireConnection } from "@/lib/api/browse";
import { allowLocation, forbidLocation } from "@/lib/api/inventory-locations";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { listInventoryLocations } from "@/lib/db/inventory-locations";
import { connectionIdSchema } from "@/lib/schemas/connection";
import { inventoryLocationInputSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ connectionId: string }> };

const connectionOf = async (params: Context["params"]) => {
  const id = connectionIdSchema.parse((await params).connectionId);
  requireConnection(getDb(), id);
  return id;
};

// GET /api/connections/:id/inventory-locations - where inventory reports may be read from besides the configured
// destinations (operators, who start scans from reports)
export const GET = handle<Context>("operator", async (_request, { params }) => {
  return NextResponse.json({ locations: listInventoryLocations(getDb(), await connectionOf(params)) });
});

// POST /api/connections/:id/inventory-locations {location: "s3://BUCKET/PREFIX/"} - allow one (admins)
export const POST = handle<Context>("admin", async (request, { params }, user) => {
  const id = await connectionOf(params);
  const { location } = inventoryLocationInputSchema.parse(await readJson(request));
  return NextResponse.json(allowLocation(getDb(), id, location, user!.username), { status: 201 });
});

// DELETE /api/connections/:id/inventory-locations?location=s3://BUCKET/PREFIX/ - stop allowing one (admins)
export const DELETE = handle<Context>("admin", async (request, { params }) => {
  const id = await connectionOf(params);
  const { location } = inventoryLocationInputSchema.parse({
    location: new URL(request.url).searchParams.get("location"),
  });
  forbidLocation(getDb(), id, location);
  return NextResponse.json({ deleted: true });
});
