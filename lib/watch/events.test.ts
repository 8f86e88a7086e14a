import { describe, expect, it } from "vitest";
import { objectEventsOf, writtenByOwner } from "./events";

const record = (over: { key?: string; eventName?: string; source?: string; writer?: string } = {}) => ({
  eventVersion: "2.2",
  eventSource: over.source ?? "ceph:s3",
  eventName: over.eventName ?? "ObjectCreated:Put",
  eventTime: "2026-12-03T09:14:00.000Z",
  userIdentity: { principalId: over.writer ?? "writer-a" },
  s3: {
    bucket: { name: "bucket-b", ownerIdentity: { principalId: "owner-b" } },
    object: { key: over.key ?? "exports/a b.csv", size: 3, eTag: '"abc"', versionId: "v1", sequencer: "01" },
  },
});

describe("objectEventsOf", () => {
  it("reads the gateway's record as it is, with writer and bucket owner", () => {
    expect(objectEventsOf({ Records: [record()] })).toEqual({
      kind: "events",
      shape: "records",
      ignored: 0,
      events: [
        {
          bucket: "bucket-b",
          key: "exports/a b.csv",
          versionId: "v1",
          etag: "abc",
          sequencer: "01",
          writer: "writer-a",
          bucketOwner: "owner-b",
          eventTime: "2026-12-03T09:14:00.000Z",
        },
      ],
    });
  });

  it("keeps a sender's time only when it is one (the gateway's has microseconds)", () => {
    const at = (eventTime: string) =>
      objectEventsOf({ Records: [{ ...record(), eventTime }] }).kind === "events"
        ? (
            objectEventsOf({ Records: [{ ...record(), eventTime }] }) as {
              events: { eventTime: string | null }[];
            }
          ).events[0]!.eventTime
        : undefined;
    expect(at("2026-12-03T20:24:50.033710Z")).toBe("2026-12-03T20:24:50.033Z");
    expect(at("x")).toBeNull();
    expect(at("2026-13-45T99:99")).toBeNull();
  });

  it("decodes AWS's URL-encoded keys (spaces as +) and ignores records of other kinds", () => {
    const parsed = objectEventsOf({
      Records: [
        record({ source: "aws:s3", key: "exports/a+b%2Bc%C3%A9.csv" }),
        record({ eventName: "ObjectRemoved:Delete" }),
        record({ source: "aws:s3", key: "%E0%A4%A" }),
      ],
    });
    expect(parsed).toMatchObject({ kind: "events", ignored: 2, events: [{ key: "exports/a b+cé.csv" }] });
  });

  it("reads EventBridge's Object Created with the requester's account as writer", () => {
    const parsed = objectEventsOf({
      version: "0",
      "detail-type": "Object Created",
      source: "aws.s3",
      time: "2026-12-03T09:14:00Z",
      detail: {
        bucket: { name: "bucket-b" },
        object: { key: "k", etag: "e", "version-id": "v", sequencer: "s" },
        requester: "111122223333",
      },
    });
    expect(parsed).toMatchObject({ kind: "events", events: [{ key: "k", writer: "111122223333" }] });
  });

  it("knows S3's test event, and says unknown for anything else", () => {
    expect(objectEventsOf({ Service: "Amazon S3", Event: "s3:TestEvent" })).toEqual({ kind: "test" });
    expect(objectEventsOf({ hello: 1 })).toEqual({ kind: "unknown" });
    expect(objectEventsOf("Records")).toEqual({ kind: "unknown" });
  });

  it("bounds what a sender controls: too many records, a key over 1,024 bytes", () => {
    expect(objectEventsOf({ Records: Array.from({ length: 101 }, () => record()) })).toEqual({
      kind: "unknown",
    });
    expect(objectEventsOf({ Records: [record({ key: "é".repeat(600) })] })).toMatchObject({ ignored: 1 });
  });
});

describe("writtenByOwner", () => {
  const event = objectEventsOf({ Records: [record({ writer: "owner-b" })] });
  it("skips only what the sender says the owner wrote", () => {
    if (event.kind !== "events") throw new Error("parsed");
    expect(writtenByOwner(event.events[0]!, [])).toBe(true);
    expect(writtenByOwner({ ...event.events[0]!, writer: null }, ["owner-b"])).toBe(false);
    expect(writtenByOwner({ ...event.events[0]!, writer: "writer-a" }, ["owner-b"])).toBe(false);
    expect(writtenByOwner({ ...event.events[0]!, writer: "111", bucketOwner: null }, ["111"])).toBe(true);
  });
});
