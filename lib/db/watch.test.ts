import { beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { saveConnection } from "@/lib/db/connections";
import type { ObjectEvent } from "@/lib/watch/events";
import {
  claimPendingEvents,
  completeEvent,
  liveFindings,
  recordEvents,
  watchBucket,
  type LiveCheck,
} from "./watch";

let db: Db;
let sequence = 0;
// Each event its own sequencer: the same object reported twice is two deliveries, not a duplicate.
const event = (key: string, etag = "e1", bucket = "gw"): ObjectEvent => ({
  bucket,
  key,
  versionId: "",
  etag,
  sequencer: String(++sequence),
  writer: "w",
  bucketOwner: "owner",
  eventTime: null,
});
const check = (ownerId: string, status: LiveCheck["status"], etag = "e1"): LiveCheck => ({
  status,
  bucketOwnerAccess: status === "owned" ? "full-control" : "none",
  ownerId,
  reason: null,
  size: 1,
  etag,
});

/** Stores one event and commits its check: the live finding's seq. */
function arrive(e: ObjectEvent, c: LiveCheck) {
  recordEvents(db, "c", "gateway", [e]);
  const [stored] = claimPendingEvents(db, 1, new Set());
  return completeEvent(db, stored!, c.status === "owned" ? "owned" : "foreign", c);
}

beforeEach(() => {
  db = openDb(":memory:");
  saveConnection(db, { id: "c", name: "c", region: "us-east-1" });
  watchBucket(db, { connectionId: "c", bucket: "gw", ownerId: "owner", source: "gateway", setup: {} });
  watchBucket(db, {
    connectionId: "c",
    bucket: "via-sns",
    ownerId: "owner",
    source: "sns",
    setup: { names: { topicArn: "arn:aws:sns:eu-west-1:111122223333:ours" } },
  });
});

describe("the live record", () => {
  it("starts a new record when another account rewrites a key still foreign (alerts see it as new)", () => {
    const first = arrive(event("k"), check("account-a", "foreign-locked"));
    expect(arrive(event("k", "e1"), check("account-a", "foreign-locked"))).toBe(first);
    const second = arrive(event("k", "e2"), check("account-c", "foreign-locked", "e2"));
    expect(second).toBeGreaterThan(first!);
    expect(liveFindings(db, { connectionId: "c", bucket: "gw", limit: 10 })).toMatchObject([
      { seq: second, ownerId: "account-c" },
    ]);
  });

  it("keeps the owner an object arrived with when it is put right, and starts anew when it turns foreign again", () => {
    const first = arrive(event("k"), check("account-a", "foreign-locked"));
    expect(arrive(event("k", "e1b"), check("owner", "owned"))).toBe(first);
    expect(liveFindings(db, { connectionId: "c", bucket: "gw", limit: 10 })).toMatchObject([
      { seq: first, ownerId: "account-a", status: "owned" },
    ]);
    expect(arrive(event("k", "e3"), check("account-a", "foreign-locked", "e3"))).toBeGreaterThan(first!);
  });
});

describe("recordEvents", () => {
  it("takes events only through the feed a bucket was set up with, and its own topic", () => {
    const raw = [event("k", "e1", "via-sns")];
    expect(recordEvents(db, "c", "gateway", raw)).toMatchObject({ accepted: 0, refused: 1 });
    expect(recordEvents(db, "c", "sns", raw, "arn:aws:sns:eu-west-1:999999999999:theirs")).toMatchObject({
      accepted: 0,
      refused: 1,
    });
    expect(recordEvents(db, "c", "sns", raw, "arn:aws:sns:eu-west-1:111122223333:ours")).toMatchObject({
      accepted: 1,
    });
    expect(recordEvents(db, "c", "gateway", [event("k", "e1", "nobody-watches")])).toMatchObject({
      unwatched: 1,
    });
  });
});
