import { beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { addRule, listAlerts, listChannels, listRules, resendDelivery, saveChannel } from "@/lib/db/alerts";
import { saveAccount, saveConnection } from "@/lib/db/connections";
import { completeEvent, recordEvents, watchBucket, claimPendingEvents } from "@/lib/db/watch";
import type { ChannelConfig } from "@/lib/schemas/alerts";
import { deliverDue, evaluateRules, retryDelayMs } from "./deliver";

let db: Db;
let channelId: number;
const OWNER = "owner-b";
const A = "writer-a";
const C = "writer-c";

/** Arrivals checked now: each key becomes a live finding with `status`, owned by `owner`. */
function arrive(
  keys: string[],
  owner = A,
  status: "foreign-locked" | "foreign-full-control" = "foreign-locked",
) {
  recordEvents(
    db,
    "c",
    "gateway",
    keys.map((key) => ({
      bucket: "b",
      key,
      versionId: "",
      etag: key,
      sequencer: "",
      writer: owner,
      bucketOwner: OWNER,
      eventTime: null,
    })),
  );
  for (const e of claimPendingEvents(db, 1_000, new Set()))
    completeEvent(db, e, "foreign", {
      status,
      bucketOwnerAccess: status === "foreign-locked" ? "none" : "full-control",
      ownerId: owner,
      reason: null,
      size: 1,
      etag: e.etag,
    });
}

const later = (ms: number) => new Date(Date.now() + ms);

beforeEach(() => {
  db = openDb(":memory:");
  saveConnection(db, { id: "c", name: "c", region: "us-east-1" });
  saveAccount(db, "c", { canonicalId: A, name: "Account A" });
  watchBucket(db, { connectionId: "c", bucket: "b", ownerId: OWNER, source: "gateway", setup: {} });
  channelId = saveChannel(db, { name: "hook", config: { kind: "slack", url: "http://127.0.0.1:9/x" } }).id;
});

describe("alert rules", () => {
  it("gathers a burst into one alert, naming the account, counts, folders and first keys", () => {
    addRule(db, "c", "b", { channelId, threshold: 1 });
    arrive(["exports/2026-12/a.csv", "exports/2026-12/b.csv", "top.csv"]);
    expect(evaluateRules(db, new Date())).toEqual([]);
    const [id] = evaluateRules(db, later(1_500));
    const [alert] = listAlerts(db, { limit: 10 });
    expect(alert!.id).toBe(id);
    expect(alert!.summary).toMatchObject({
      total: 3,
      accounts: [
        {
          accountId: A,
          name: "Account A",
          count: 3,
          prefixes: [
            { prefix: "exports/2026-12/", count: 2 },
            { prefix: "", count: 1 },
          ],
          firstKeys: ["exports/2026-12/a.csv", "exports/2026-12/b.csv", "top.csv"],
        },
      ],
    });
    expect(alert!.summary.link).toBe("/connections/c/buckets/b/watch");
    // Alerted once: nothing new, nothing more.
    expect(evaluateRules(db, later(5_000))).toEqual([]);
  });

  it("waits for its threshold, and counts only its account when it names one", () => {
    addRule(db, "c", "b", { channelId, threshold: 3, accountId: A });
    arrive(["1", "2"]);
    arrive(["from-c"], C);
    expect(evaluateRules(db, later(2_000))).toEqual([]);
    arrive(["3"]);
    expect(evaluateRules(db, later(2_000))).toHaveLength(1);
    expect(listAlerts(db, { limit: 10 })[0]!.summary).toMatchObject({
      total: 3,
      link: expect.stringContaining(`?owner=${A}`),
    });
  });

  it("ignores what the bucket owner can use (written with bucket-owner-full-control), and moves past it", () => {
    addRule(db, "c", "b", { channelId, threshold: 1 });
    arrive(["bofc.csv"], A, "foreign-full-control");
    expect(evaluateRules(db, later(2_000))).toEqual([]);
    expect(listRules(db)[0]!.cursorSeq).toBeGreaterThan(0);
  });

  it("sends a digest once its period has passed since the last one", () => {
    addRule(db, "c", "b", { channelId, threshold: 1, digestMinutes: 60 });
    arrive(["a"]);
    expect(evaluateRules(db, later(59 * 60_000))).toEqual([]);
    expect(evaluateRules(db, later(61 * 60_000))).toHaveLength(1);
    arrive(["b"]);
    expect(evaluateRules(db, later(90 * 60_000))).toEqual([]);
    expect(evaluateRules(db, later(122 * 60_000))).toHaveLength(1);
  });

  it("the same rule twice is one rule", () => {
    const first = addRule(db, "c", "b", { channelId, threshold: 1 });
    expect(addRule(db, "c", "b", { channelId, threshold: 1 }).id).toBe(first.id);
    expect(listRules(db)).toHaveLength(1);
  });
});

describe("deliveries", () => {
  it("retries with backoff, keeps the delivery failed after six attempts, and resends it when asked", async () => {
    addRule(db, "c", "b", { channelId, threshold: 1 });
    arrive(["a"]);
    evaluateRules(db, later(2_000));
    const sent: ChannelConfig[] = [];
    const failing = async () => {
      throw new Error("HTTP 500");
    };
    let now = later(2_000).getTime();
    for (let attempt = 0; attempt < 6; attempt++) {
      expect(await deliverDue(db, new Date(now), failing)).toBe(0);
      now += retryDelayMs(attempt);
      // Not due again before its backoff has passed.
      expect(await deliverDue(db, new Date(now - 1), async (c) => void sent.push(c))).toBe(0);
    }
    const [delivery] = listAlerts(db, { limit: 1 })[0]!.deliveries;
    expect(delivery).toMatchObject({ state: "failed", attempts: 6, lastError: "HTTP 500" });
    expect(listAlerts(db, { limit: 10, failedOnly: true })).toHaveLength(1);
    expect(resendDelivery(db, delivery!.id, new Date(now).toISOString())).toBe(true);
    expect(await deliverDue(db, new Date(now), async (c) => void sent.push(c))).toBe(1);
    expect(sent).toHaveLength(1);
    expect(listAlerts(db, { limit: 1 })[0]!.deliveries[0]).toMatchObject({ state: "sent" });
    expect(resendDelivery(db, delivery!.id, new Date(now).toISOString())).toBe(false);
  });

  it("sends each channel on its own: one that stalls holds up neither the others nor a second round", async () => {
    const slow = channelId;
    const quick = saveChannel(db, {
      name: "quick",
      config: { kind: "slack", url: "http://127.0.0.1:9/q" },
    }).id;
    addRule(db, "c", "b", { channelId: slow, threshold: 1 });
    addRule(db, "c", "b", { channelId: quick, threshold: 1 });
    arrive(["a"]);
    expect(evaluateRules(db, later(2_000))).toHaveLength(2);
    let release!: () => void;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    const calls: string[] = [];
    const send = async (c: ChannelConfig) => {
      calls.push((c as { url: string }).url);
      if ((c as { url: string }).url.endsWith("/x")) await stalled;
    };
    const busy = new Set<number | null>();
    const first = deliverDue(db, later(2_000), send, busy);
    await new Promise((r) => setTimeout(r, 20));
    const states = () =>
      Object.fromEntries(
        listAlerts(db, { limit: 10 }).flatMap((a) => a.deliveries.map((d) => [d.channelId, d.state])),
      );
    expect(states()).toEqual({ [slow]: "pending", [quick]: "sent" });
    // A second round while the slow channel is still being sent to leaves it alone.
    expect(await deliverDue(db, later(3_000), send, busy)).toBe(0);
    expect(calls.filter((u) => u.endsWith("/x"))).toHaveLength(1);
    release();
    expect(await first).toBe(2);
    expect(states()).toEqual({ [slow]: "sent", [quick]: "sent" });
  });

  it("marks a channel whose attempts keep failing, and clears the mark when one goes through", async () => {
    addRule(db, "c", "b", { channelId, threshold: 1 });
    arrive(["a"]);
    evaluateRules(db, later(2_000));
    await deliverDue(db, later(2_000), async () => {
      throw new Error("down");
    });
    const channels = listChannels;
    expect(channels(db)[0]).toMatchObject({ failures: 1, failingSince: expect.any(String) });
    await deliverDue(db, later(10_000), async () => undefined);
    expect(channels(db)[0]).toMatchObject({ failures: 0, failingSince: null });
  });
});
