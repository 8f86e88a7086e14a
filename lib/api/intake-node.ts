import "server-only";
import { parseJson, readNodeBody } from "@/lib/api/body";
import { assertSameOrigin, errorAnswer } from "@/lib/api/failure";
import { takeDelivery, type IntakeAnswer } from "@/lib/api/watch-intake";
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
 * Answers a delivery to the intake straight from the Node server (scripts/server.mjs), with the route's own handler
 * and error model, and none of the web Request and Response objects a route is given. Senders deliver one event per
 * request, fifty a second and more; through the framework each cost the request thread about ten milliseconds of
 * routing and stream conversion, and the objects it makes kept the garbage collector busy, enough to keep every other
 * request waiting (measured by npm run bench:watch). The server has already refused bodies over its limit from
 * their headers; the body is bounded again as it is read.
 */
export async function serveIntake(req: IncomingMessage, res: ServerResponse, connectionId: string) {
  let answer: IntakeAnswer;
  try {
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === "string" ? value : null;
    };
    assertSameOrigin("POST", header);
    const body = readNodeBody(req);
    // Read while the secret is checked; a sender refused before its body is wanted is not a failure to report.
    body.catch(() => undefined);
    answer = await takeDelivery(
      getDb(),
      {
        token: header("x-ownerscope-token") ?? tokenOf(req.url ?? ""),
        json: async () => parseJson(await body),
      },
      connectionIdSchema.parse(connectionId),
    );
  } catch (error) {
    answer = errorAnswer(error);
  }
  res.writeHead(answer.status, {
    "content-type": "application/json",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
    ...(answer.retryAfter ? { "retry-after": answer.retryAfter } : {}),
  });
  res.end(JSON.stringify(answer.body));
}

/** The URL's token parameter (only the path and query are the sender's: never the host). */
const tokenOf = (url: string) => new URLSearchParams(url.split("?")[1] ?? "").get("token");
