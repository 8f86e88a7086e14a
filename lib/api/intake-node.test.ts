import http from "node:http";
import net from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { saveConnection } from "@/lib/db/connections";
import { bucketSecret } from "@/lib/db/intake-secrets";
import { watchBucket } from "@/lib/db/watch";
import { intakeConnectionOf, serveIntake } from "./intake-node";

let db: Db;
let server: http.Server;
let port: number;

beforeEach(async () => {
  db = openDb(":memory:");
  saveConnection(db, { id: "c", name: "c", region: "us-east-1" });
  watchBucket(db, { connectionId: "c", bucket: "b", ownerId: "owner", source: "gateway", setup: {} });
  server = http.createServer((req, res) => {
    const id = intakeConnectionOf(req.method, req.url);
    if (id) void serveIntake(req, res, id, db);
    else res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterEach(() => {
  server.close();
  vi.restoreAllMocks();
});

/** Sends `head` and the first part of a body, and answers what the server said before the rest was sent. */
function partial(head: string, body: string): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(head + body));
    let text = "";
    socket.on("data", (d) => (text += String(d)));
    socket.on("close", () => resolve({ text, closed: true }));
    setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, 2_000);
  });
}

describe("the intake the Node server answers itself", () => {
  it("answers a refused sender at once, without reading or keeping its body, and closes the connection", async () => {
    const { text, closed } = await partial(
      "POST /api/watch/c/events?token=wrong HTTP/1.1\r\nHost: x\r\nContent-Length: 60000\r\n\r\n",
      "x".repeat(1_000),
    );
    expect(text).toMatch(/^HTTP\/1\.1 401/);
    expect(text.toLowerCase()).toContain("connection: close");
    expect(closed).toBe(true);
  });

  it("carries the API's security headers, and takes events with the bucket's secret", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/watch/c/events`, {
      method: "POST",
      headers: { "x-ownerscope-token": bucketSecret(db, "c", "b"), "content-type": "application/json" },
      body: JSON.stringify({ Records: [] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("logs nothing when a sender goes away mid-body, and keeps answering", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const token = bucketSecret(db, "c", "b");
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.write(
          `POST /api/watch/c/events?token=${token} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"Records":[`,
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 200);
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(logged).not.toHaveBeenCalled();
    const res = await fetch(`http://127.0.0.1:${port}/api/watch/c/events?token=${token}`, {
      method: "POST",
      body: "not json",
    });
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([
      400,
      "bad_request",
    ]);
  });
});
