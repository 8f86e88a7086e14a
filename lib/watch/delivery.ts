import { AppError } from "@/lib/errors";
import { objectEventsOf, type ObjectEvent } from "./events";
import { isSnsCertificateUrl, isSnsUrl, snsMessageSchema, snsSignatureValid } from "./sns";

export type DeliverySource = "gateway" | "sns" | "eventbridge" | "sqs";

export type Delivery =
  | { kind: "events"; source: DeliverySource; events: ObjectEvent[]; ignored: number; topicArn?: string }
  | { kind: "confirmed"; topicArn: string }
  | { kind: "nothing"; why: string };

/** What interpreting a delivery may do beyond parsing: fetch SNS's certificate, confirm a subscription. */
export type DeliveryIo = {
  fetchCertificate: (url: string) => Promise<string>;
  confirmSubscription: (url: string) => Promise<void>;
};

const looksLikeSns = (body: unknown) =>
  typeof body === "object" && body !== null && "SignatureVersion" in body && "TopicArn" in body;

/**
 * Interprets one delivery to the intake (its sender already authenticated by the connection's secret): an SNS
 * message must also carry SNS's signature, checked against a certificate fetched only from SNS's own hosts; a
 * subscription is confirmed only through SNS's own URL. `via` says where the payload came from when it is not SNS.
 */
export async function interpretDelivery(
  body: unknown,
  io: DeliveryIo,
  via: "push" | "sqs" = "push",
): Promise<Delivery> {
  if (looksLikeSns(body)) {
    const parsed = snsMessageSchema.safeParse(body);
    if (!parsed.success) throw new AppError("bad_request", "The SNS message is malformed.");
    const m = parsed.data;
    if (!isSnsCertificateUrl(m.SigningCertURL))
      throw new AppError("unauthorized", "The SNS message's signing certificate is not on an SNS host.");
    const certificate = await io.fetchCertificate(m.SigningCertURL);
    if (!snsSignatureValid(m, certificate))
      throw new AppError("unauthorized", "The SNS message's signature does not verify.");
    if (m.Type === "SubscriptionConfirmation") {
      if (!m.SubscribeURL || !isSnsUrl(m.SubscribeURL))
        throw new AppError("bad_request", "The subscription's confirmation link is not on an SNS host.");
      await io.confirmSubscription(m.SubscribeURL);
      return { kind: "confirmed", topicArn: m.TopicArn };
    }
    if (m.Type === "UnsubscribeConfirmation") return { kind: "nothing", why: "unsubscribed" };
    let inner: unknown;
    try {
      inner = JSON.parse(m.Message);
    } catch {
      return { kind: "nothing", why: "the SNS message carries no JSON" };
    }
    const events = objectEventsOf(inner);
    if (events.kind === "test") return { kind: "nothing", why: "S3 test event" };
    if (events.kind === "unknown") return { kind: "nothing", why: "the SNS message carries no S3 event" };
    return {
      kind: "events",
      source: via === "sqs" ? "sqs" : "sns",
      events: events.events,
      ignored: events.ignored,
      topicArn: m.TopicArn,
    };
  }
  const events = objectEventsOf(body);
  if (events.kind === "test") return { kind: "nothing", why: "S3 test event" };
  if (events.kind === "unknown")
    throw new AppError(
      "bad_request",
      "The body is neither S3 event records, an SNS message nor an EventBridge event.",
    );
  const source: DeliverySource =
    via === "sqs" ? "sqs" : events.shape === "eventbridge" ? "eventbridge" : "gateway";
  return { kind: "events", source, events: events.events, ignored: events.ignored };
}
