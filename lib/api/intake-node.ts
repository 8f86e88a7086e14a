import "server-only";
import { assertSameOrigin, errorResponse } from "@/lib/api/failure";
import { receiveEvents } from "@/lib/api/watch-intake";
import { getDb } from "@/lib/db";
import { connectionIdSchema } from "@/lib/schemas/connection";
import type { IncomingMessage, ServerResponse } from "node:http";

// The intake's path: POST /api/watch/:connectionId/events (app/api/watch/[connectionId]/events/route.ts).
const INTAKE_PATH = /^\/api\/watch\/([^/?]+)\/events(?:\?|$)/;

/** The connection a request delivers events to, when it is a delivery to the intake; null for anything else. */
export function intakeConnectionOf(method: string | undefined, url: string | undefined): string | null {
  if (method !== "POST") return null;
  const segment = INTAKE_PATH.exec(url ?? "")?.[1];
  if (segment === undefined) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Answers a delivery to the intake straight from the Node server (scripts/server.mjs), with the route's own
 * handler and error model. Senders deliver one event per request, fifty a second and more; through the framework
 * each cost this thread about ten milliseconds of routing and stream conversion, enough to keep every other
 * request waiting (measured by npm run bench:watch). The server has already refused bodies over its limit from
 * their headers; the body read here is bounded again by the handler.
 */
export async function serveIntake(req: IncomingMessage, res: ServerResponse, connectionId: string) {
  let response: Response;
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    // Only the path and query are the sender's: the handler reads the token from the query, never the host.
    const request = new Request(new URL(req.url ?? "/", "http://intake.invalid"), {
      method: "POST",
      headers,
      body: Buffer.concat(chunks),
    });
    assertSameOrigin(request);
    response = await receiveEvents(getDb(), request, connectionIdSchema.parse(connectionId));
  } catch (error) {
    response = errorResponse(error);
  }
  res.writeHead(response.status, {
    ...Object.fromEntries(response.headers),
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
  });
  res.end(Buffer.from(await response.arrayBuffer()));
}
