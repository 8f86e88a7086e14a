import "server-only";
// Standard Response, not NextResponse: the same handler serves the route and a plain Node process (tests).
import { readJson } from "@/lib/api/body";
import { confirmSnsSubscription, fetchSnsCertificate } from "@/lib/aws/sns-http";
import type { Db } from "@/lib/db";
import { intakeSecretMatches, recordEvents } from "@/lib/db/watch";
import { AppError } from "@/lib/errors";
import { wakeWatchService } from "@/lib/jobs/watch-service";
import { interpretDelivery } from "@/lib/watch/delivery";

/** The secret a sender presents: in the URL (a gateway topic, an SNS subscription) or a header (an API key). */
function presentedSecret(request: Request): string | null {
  return request.headers.get("x-ownerscope-token") ?? new URL(request.url).searchParams.get("token");
}

/**
 * Receives object-created events for one connection. The sender proves itself with the connection's secret (and an
 * SNS message with SNS's signature besides); the events are committed to SQLite before the 2xx, so an answer means
 * nothing can be lost, and a redelivery is counted as a duplicate.
 */
export async function receiveEvents(db: Db, request: Request, connectionId: string): Promise<Response> {
  if (!intakeSecretMatches(db, connectionId, presentedSecret(request)))
    throw new AppError(
      "unauthorized",
      "This intake needs its secret (the token in the URL, or X-Ownerscope-Token).",
    );
  const delivery = await interpretDelivery(await readJson(request), {
    fetchCertificate: fetchSnsCertificate,
    confirmSubscription: confirmSnsSubscription,
  });
  if (delivery.kind === "confirmed") return Response.json({ confirmed: delivery.topicArn });
  if (delivery.kind === "nothing") return Response.json({ accepted: 0, note: delivery.why });
  const result = recordEvents(db, connectionId, delivery.source, delivery.events, delivery.topicArn ?? null);
  if (result.accepted > 0) wakeWatchService();
  return Response.json({ ...result, ignored: delivery.ignored });
}
