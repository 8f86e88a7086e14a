import { handle } from "@/lib/api/respond";
import { receiveEvents } from "@/lib/api/watch-intake";
import { getDb } from "@/lib/db";
import { connectionIdSchema } from "@/lib/schemas/connection";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ connectionId: string }> };

// POST /api/watch/:connectionId/events?token=… - object-created events from the gateway, SNS, EventBridge (an API
// destination with the X-Ownerscope-Token header); no session: the connection's intake secret is the sender's proof
export const POST = handle<Context>("public", async (request, context) => {
  const { connectionId } = await context.params;
  return receiveEvents(getDb(), request, connectionIdSchema.parse(connectionId));
});
