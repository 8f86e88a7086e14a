import "server-only";
import { apiHeaders } from "@/lib/api/api-headers.mjs";
import { parseJson, readNodeBody } from "@/lib/api/body";
import { assertSameOrigin, errorAnswer } from "@/lib/api/failure";
import { takeDelivery, type IntakeAnswer } from "@/lib/api/watch-intake";
import { getDb, type Db } from "@/lib/db";
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
 * Answers a delivery to the intake straight from the Node server (scripts/server.mjs), with the route's own handler
 * and error model, and none of the web Request and Response objects a route is given. Senders deliver one event per
 * request, fifty a second and more; through the framework each cost the request thread about ten milliseconds of
 * routing and stream conversion, and the objects it makes kept the garbage collector busy, enough to keep every other
 * request waiting (measured by npm run bench:watch). The server has already refused bodies over its limit from
 * their headers; the body is bounded again as it is read.
 */
export async function serveIntake(
  req: IncomingMessage,
  res: ServerResponse,
  connectionId: string,
  db: Db = getDb(),
) {
  let answer: IntakeAnswer;
  try {
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === "string" ? value : null;
    };
    assertSameOrigin("POST", header);
    answer = await takeDelivery(
      db,
      {
        token: header("x-ownerscope-token") ?? tokenOf(req.url ?? ""),
        // Read only once the sender has shown a bucket's secret: a refused one's body is never held.
        json: async () => parseJson(await readNodeBody(req)),
      },
      connectionIdSchema.parse(connectionId),
    );
  } catch (error) {
    // A sender that went away mid-body is no server error, and there is no one left to answer.
    if (res.destroyed || !res.socket || res.socket.destroyed) return;
    answer = errorAnswer(error);
  }
  // A body not read (a refused sender) is discarded, not kept, and the connection closed after the answer.
  const unread = !req.complete;
  res.writeHead(answer.status, {
    ...apiHeaders,
    "content-type": "application/json",
    "cache-control": "no-store",
    ...(unread ? { connection: "close" } : {}),
    ...(answer.retryAfter ? { "retry-after": answer.retryAfter } : {}),
  });
  res.end(JSON.stringify(answer.body));
  if (unread) req.resume();
}

/** The URL's token parameter (only the path and query are the sender's: never the host). */
const tokenOf = (url: string) => new URLSearchParams(url.split("?")[1] ?? "").get("token");
