import { NextResponse } from "next/server";
import { alertsHistory, alertsQuerySchema } from "@/lib/api/alerts";
import { handle, searchParamsOf } from "@/lib/api/respond";
import { getDb } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/alerts?connectionId=&bucket=&failed=1&before= - the alerts made, newest first, with their deliveries
export const GET = handle("viewer", async (request) =>
  NextResponse.json(alertsHistory(getDb(), alertsQuerySchema.parse(searchParamsOf(request)))),
);
