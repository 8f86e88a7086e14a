import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sampleSummary } from "@/lib/alerts/summary";
import { openDb } from "@/lib/db";
import { addRule, createAlert, saveChannel } from "@/lib/db/alerts";
import { saveConnection } from "@/lib/db/connections";
import { watchBucket } from "@/lib/db/watch";
import { Watching } from "./watching";

// A mail server that accepts connections and never greets: before, its delivery was awaited inside the watch tick.
let silent: net.Server;
const sockets: net.Socket[] = [];
beforeAll(async () => {
  silent = net.createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
  process.env.OWNERSCOPE_ALLOWED_HOSTS = "127.0.0.1";
});
afterAll(() => {
  delete process.env.OWNERSCOPE_ALLOWED_HOSTS;
  for (const s of sockets) s.destroy();
  silent.close();
});

it("a mail server that stalls holds up neither the watch tick nor anything it runs", async () => {
  const db = openDb(":memory:");
  saveConnection(db, { id: "c", name: "c", region: "us-east-1" });
  watchBucket(db, { connectionId: "c", bucket: "b", ownerId: "owner", source: "gateway", setup: {} });
  const channel = saveChannel(db, {
    name: "mail",
    config: {
      kind: "email",
      host: "127.0.0.1",
      port: (silent.address() as AddressInfo).port,
      tls: "none",
      from: "a@example.com",
      to: ["b@example.com"],
    },
  });
  const rule = addRule(db, "c", "b", { channelId: channel.id, threshold: 1 });
  createAlert(db, rule, sampleSummary("/alerts"), 0, new Date().toISOString());
  const watching = new Watching(db, { tickMs: 60_000 });
  const started = performance.now();
  await watching.tick();
  await watching.tick();
  expect(performance.now() - started).toBeLessThan(1_000);
  // The delivery did start, and stalls on its own.
  for (let i = 0; i < 40 && sockets.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  expect(sockets.length).toBeGreaterThan(0);
  await watching.stop();
}, 40_000);
