import { z } from "zod";

/** One object-created event, whatever shape it came in: what the live check needs to find the object again. */
export type ObjectEvent = {
  bucket: string;
  key: string;
  versionId: string;
  etag: string;
  sequencer: string;
  /** Who wrote it as the sender names them: a principal ID (S3 records) or an account ID (EventBridge). */
  writer: string | null;
  /** The bucket owner as the sender names them (S3 records only), to skip the owner's own writes. */
  bucketOwner: string | null;
  eventTime: string | null;
};

// Bounds on everything a sender controls: S3 keys are at most 1,024 bytes, and one delivery carries a handful.
const MAX_RECORDS = 100;
const text = (max: number) => z.string().max(max);
const opt = (max: number) => text(max).nullish();

const s3Record = z.object({
  eventSource: opt(64),
  eventName: text(128),
  eventTime: opt(64),
  userIdentity: z.object({ principalId: opt(512) }).nullish(),
  s3: z.object({
    bucket: z.object({ name: text(255), ownerIdentity: z.object({ principalId: opt(512) }).nullish() }),
    object: z.object({
      key: text(4096),
      eTag: opt(128),
      versionId: opt(1024),
      sequencer: opt(128),
    }),
  }),
});

const s3Records = z.object({ Records: z.array(s3Record).max(MAX_RECORDS) });

const eventBridge = z.object({
  "detail-type": text(128),
  source: text(128),
  time: opt(64),
  detail: z.object({
    bucket: z.object({ name: text(255) }),
    object: z.object({
      key: text(1024),
      etag: opt(128),
      "version-id": opt(1024),
      sequencer: opt(128),
    }),
    requester: opt(512),
  }),
});

// S3's own test message, sent when a notification configuration is saved: nothing to check.
const testEvent = z.object({ Event: z.literal("s3:TestEvent") });

/** AWS writes a record's key URL-encoded (spaces as "+"); the Ceph gateway writes it as it is. */
function keyOf(raw: string, eventSource: string | null | undefined): string | null {
  if (eventSource !== "aws:s3") return raw;
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

/** A sender's time, when it is one (normalised to ISO 8601 UTC); anything else is dropped. */
function timeOf(value: string | null | undefined): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const validKey = (key: string | null): key is string =>
  key !== null && key.length > 0 && Buffer.byteLength(key) <= 1024;

export type ParsedPayload =
  | { kind: "events"; shape: "records" | "eventbridge"; events: ObjectEvent[]; ignored: number }
  | { kind: "test" }
  | { kind: "unknown" };

/**
 * The object-created events in a payload: S3 event records (as the gateway pushes them, or inside an SNS or SQS
 * message) or an EventBridge "Object Created" event. Other records (deletions, restores) and keys that cannot be
 * S3 keys are counted as ignored.
 */
export function objectEventsOf(payload: unknown): ParsedPayload {
  if (testEvent.safeParse(payload).success) return { kind: "test" };
  const records = s3Records.safeParse(payload);
  if (records.success) {
    const events: ObjectEvent[] = [];
    let ignored = 0;
    for (const r of records.data.Records) {
      const key = keyOf(r.s3.object.key, r.eventSource);
      if (!r.eventName.startsWith("ObjectCreated:") || !validKey(key)) {
        ignored++;
        continue;
      }
      events.push({
        bucket: r.s3.bucket.name,
        key,
        versionId: r.s3.object.versionId ?? "",
        etag: (r.s3.object.eTag ?? "").replace(/"/g, ""),
        sequencer: r.s3.object.sequencer ?? "",
        writer: r.userIdentity?.principalId || null,
        bucketOwner: r.s3.bucket.ownerIdentity?.principalId || null,
        eventTime: timeOf(r.eventTime),
      });
    }
    return { kind: "events", shape: "records", events, ignored };
  }
  const bridged = eventBridge.safeParse(payload);
  if (bridged.success) {
    const e = bridged.data;
    if (e.source !== "aws.s3" || e["detail-type"] !== "Object Created" || !validKey(e.detail.object.key))
      return { kind: "events", shape: "eventbridge", events: [], ignored: 1 };
    return {
      kind: "events",
      shape: "eventbridge",
      ignored: 0,
      events: [
        {
          bucket: e.detail.bucket.name,
          key: e.detail.object.key,
          versionId: e.detail.object["version-id"] ?? "",
          etag: (e.detail.object.etag ?? "").replace(/"/g, ""),
          sequencer: e.detail.object.sequencer ?? "",
          writer: e.detail.requester || null,
          bucketOwner: null,
          eventTime: timeOf(e.time),
        },
      ],
    };
  }
  return { kind: "unknown" };
}

/**
 * Whether the live check can skip an event: only when the sender itself says the bucket owner wrote it. An unknown
 * writer is checked.
 */
export function writtenByOwner(event: ObjectEvent, ownerIds: readonly string[]): boolean {
  if (!event.writer) return false;
  if (event.bucketOwner && event.writer === event.bucketOwner) return true;
  return ownerIds.includes(event.writer);
}
