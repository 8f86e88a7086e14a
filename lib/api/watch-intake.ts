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

/** The secret a sender presents: a header (an API key; preferred), or in the URL (a gateway topic, SNS). */
function presentedSecret(request: Request): string | null {
  return request.headers.get("x-ownerscope-token") ?? new URL(request.url).searchParams.get("token");
}

/**
 * A delivery the intake will not take now: the sender is told to come back (429, 503 with Retry-After), and the
 * bucket has a gap, closed by a catch-up scan, for a sender that does not retry (the gateway's push).
 */
function refuse(db: Db, where: { connectionId: string; bucket: string }, status: 429 | 503, cause: string) {
  const now = new Date().toISOString();
  openGap(db, { ...where, cause, startedAt: now, endedAt: now });
  return Response.json(
    {
      error: {
        code: status === 429 ? "too_many_requests" : "unavailable",
        message: `Not taken now: ${cause}.`,
      },
    },
    { status, headers: { "retry-after": status === 429 ? "1" : "5" } },
  );
}

/**
 * Receives object-created events for one watched bucket of a connection. The sender proves itself with that bucket's
 * secret (and an SNS message with SNS's signature besides) and is trusted for that bucket alone; the events are
 * committed to SQLite before the 2xx, so an answer means nothing can be lost, and a redelivery is counted as a
 * duplicate. Past the bucket's rate or its backlog of unchecked events, the sender is asked to retry later.
 */
export async function receiveEvents(db: Db, request: Request, connectionId: string): Promise<Response> {
  const buckets = bucketsOfSecret(db, connectionId, presentedSecret(request), new Date());
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
  const delivery = await interpretDelivery(await readJson(request), {
    fetchCertificate: fetchSnsCertificate,
    confirmSubscription: confirmSnsSubscription,
  });
  if (delivery.kind === "confirmed") return Response.json({ confirmed: delivery.topicArn });
  if (delivery.kind === "nothing") return Response.json({ accepted: 0, note: delivery.why });
  if (!takeEvents(`${connectionId}\n${buckets.join("\n")}`, delivery.events.length, limits.eventsPerSecond))
    return refuse(
      db,
      { connectionId, bucket: buckets[0]! },
      429,
      `events came faster than ${limits.eventsPerSecond} a second`,
    );
  const result = recordEvents(
    db,
    connectionId,
    delivery.source,
    delivery.events,
    delivery.topicArn ?? null,
    buckets,
  );
  if (result.accepted > 0) wakeWatchService();
  return Response.json({ ...result, ignored: delivery.ignored });
}
