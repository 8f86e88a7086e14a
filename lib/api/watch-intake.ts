import "server-only";
// Standard Response, not NextResponse: the same handler serves the route and a plain Node process (tests).
import { readJson } from "@/lib/api/body";
import { takeEvents } from "@/lib/api/rate-limit";
import { confirmSnsSubscription, fetchSnsCertificate } from "@/lib/aws/sns-http";
import type { Db } from "@/lib/db";
import { openGap } from "@/lib/db/gaps";
import { bucketsOfSecret } from "@/lib/db/intake-secrets";
import { pendingEventCount, recordEvents } from "@/lib/db/watch";
import { liveSettings } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { wakeWatchService } from "@/lib/jobs/watch-service";
import { interpretDelivery } from "@/lib/watch/delivery";

/**
 * What the intake reads of a delivery: the secret the sender presents (a header, an API key's way and preferred, or
 * the URL's token, a gateway topic's or SNS's way) and its JSON body. A web Request (the route) and a Node request
 * (lib/api/intake-node.ts) both give it; the answer is plain values, made into a response by either.
 */
export type Delivery = { token: string | null; json: () => Promise<unknown> };
export type IntakeAnswer = { status: number; body: unknown; retryAfter?: string };

/** A route's Request as a delivery. */
export const deliveryOf = (request: Request): Delivery => ({
  token: request.headers.get("x-ownerscope-token") ?? new URL(request.url).searchParams.get("token"),
  json: () => readJson(request),
});

/**
 * A delivery the intake will not take now: the sender is told to come back (429, 503 with Retry-After), and the
 * bucket has a gap, closed by a catch-up scan, for a sender that does not retry (the gateway's push).
 */
function refuse(
  db: Db,
  where: { connectionId: string; bucket: string },
  status: 429 | 503,
  cause: string,
): IntakeAnswer {
  const now = new Date().toISOString();
  openGap(db, { ...where, cause, startedAt: now, endedAt: now });
  const code = status === 429 ? "too_many_requests" : "unavailable";
  return {
    status,
    body: { error: { code, message: `Not taken now: ${cause}.` } },
    retryAfter: status === 429 ? "1" : "5",
  };
}

/**
 * Receives object-created events for one watched bucket of a connection. The sender proves itself with that bucket's
 * secret (and an SNS message with SNS's signature besides) and is trusted for that bucket alone; the events are
 * committed to SQLite before the 2xx, so an answer means nothing can be lost, and a redelivery is counted as a
 * duplicate. Past the bucket's rate or its backlog of unchecked events, the sender is asked to retry later.
 */
export async function takeDelivery(db: Db, delivery: Delivery, connectionId: string): Promise<IntakeAnswer> {
  const buckets = bucketsOfSecret(db, connectionId, delivery.token, new Date());
  if (buckets.length === 0)
    throw new AppError(
      "unauthorized",
      "This intake needs a watched bucket's secret (the X-Ownerscope-Token header, or the token in the URL).",
    );
  const limits = liveSettings().intake;
  for (const bucket of buckets)
    if (pendingEventCount(db, connectionId, bucket) >= limits.maxPending)
      return refuse(
        db,
        { connectionId, bucket },
        503,
        `more than ${limits.maxPending} events of ${bucket} wait for their check`,
      );
  const interpreted = await interpretDelivery(await delivery.json(), {
    fetchCertificate: fetchSnsCertificate,
    confirmSubscription: confirmSnsSubscription,
  });
  if (interpreted.kind === "confirmed") return ok({ confirmed: interpreted.topicArn });
  if (interpreted.kind === "nothing") return ok({ accepted: 0, note: interpreted.why });
  if (
    !takeEvents(`${connectionId}\n${buckets.join("\n")}`, interpreted.events.length, limits.eventsPerSecond)
  )
    return refuse(
      db,
      { connectionId, bucket: buckets[0]! },
      429,
      `events came faster than ${limits.eventsPerSecond} a second`,
    );
  const result = recordEvents(
    db,
    connectionId,
    interpreted.source,
    interpreted.events,
    interpreted.topicArn ?? null,
    buckets,
  );
  if (result.accepted > 0) wakeWatchService();
  return ok({ ...result, ignored: interpreted.ignored });
}

const ok = (body: unknown): IntakeAnswer => ({ status: 200, body });

/** The route's way: a Request in, a Response out (failures are thrown, for the route's error model). */
export async function receiveEvents(db: Db, request: Request, connectionId: string): Promise<Response> {
  const answer = await takeDelivery(db, deliveryOf(request), connectionId);
  return Response.json(answer.body, {
    status: answer.status,
    headers: answer.retryAfter ? { "retry-after": answer.retryAfter } : {},
  });
}
