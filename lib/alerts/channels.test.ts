import fs from "node:fs";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sampleSummary } from "@/lib/alerts/summary";
import { channelInputSchema, smtpFieldsFromUrl, type ChannelConfig } from "@/lib/schemas/alerts";
import { isPublicAddress } from "./address-policy";
import { DeliveryError, sendAlert } from "./channels";

const summary = sampleSummary("https://ownerscope.example/alerts");
const fast = { stepMs: 400, deadlineMs: 1_500 };
const portOf = (s: { address(): unknown }) => (s.address() as AddressInfo).port;
const listen = <T extends { listen(port: number, host: string, cb: () => void): unknown }>(s: T) =>
  new Promise<T>((resolve) => s.listen(0, "127.0.0.1", () => resolve(s)));

let hook: http.Server;
const hits: string[] = [];
let mails: string[] = [];
let mailServer: SMTPServer;
let silent: net.Server; // accepts and never greets
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  hook = await listen(
    http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url} ${req.headers.host}`);
      res.end("ok");
    }),
  );
  mailServer = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    onData(stream, _s, done) {
      let text = "";
      stream.on("data", (c: Buffer) => (text += c.toString()));
      stream.on("end", () => (mails.push(text), done()));
    },
  });
  await listen(mailServer.server);
  silent = await listen(net.createServer((s) => sockets.add(s)));
});

afterEach(() => {
  delete process.env.OWNERSCOPE_ALLOWED_HOSTS;
  hits.length = 0;
  mails = [];
});

afterAll(() => {
  for (const s of sockets) s.destroy();
  hook.close();
  mailServer.close();
  silent.close();
});

const reason = async (config: ChannelConfig) => {
  try {
    await sendAlert(config, summary, 1, fast);
    return "sent";
  } catch (error) {
    expect(error).toBeInstanceOf(DeliveryError);
    return (error as Error).message;
  }
};

describe("an e-mail channel is fields, never a URL a library reads options from", () => {
  it("refuses the URL that made nodemailer run a command, in the schema and in the CLI's reader", () => {
    const attack = "smtp://127.0.0.1:25/?sendmail=true&path=/bin/sh&args=-c&args=id%3E/tmp/x";
    const parsed = channelInputSchema.safeParse({
      name: "mail",
      config: { kind: "email", smtpUrl: attack, from: "a@example.com", to: ["b@example.com"] },
    });
    expect(parsed.success).toBe(false);
    expect(() => smtpFieldsFromUrl(attack)).toThrow(/no path, query or fragment/);
    expect(smtpFieldsFromUrl("smtps://u%40x:p%3Aw@mail.example.com")).toEqual({
      host: "mail.example.com",
      port: 465,
      tls: "tls",
      user: "u@x",
      password: "p:w",
    });
  });

  it("runs nothing whatever the fields hold: the message goes to the SMTP server named, or nowhere", async () => {
    const marker = path.join(os.tmpdir(), `ownerscope-sendmail-${process.pid}`);
    process.env.OWNERSCOPE_ALLOWED_HOSTS = "127.0.0.1";
    const config = channelInputSchema.parse({
      name: "mail",
      config: {
        kind: "email",
        host: "127.0.0.1",
        port: portOf(mailServer.server),
        tls: "none",
        from: "ownerscope@example.test",
        to: ["ops@example.test"],
      },
    }).config;
    expect(await reason(config)).toBe("sent");
    expect(mails[0]).toContain("Subject: Ownerscope: 2 new foreign objects in sample-bucket");
    const hostile = { ...config, host: `127.0.0.1/?sendmail=true&path=/bin/sh&args=-c&args=id>${marker}` };
    expect(channelInputSchema.safeParse({ name: "mail", config: hostile }).success).toBe(false);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it("gives up on a mail server that accepts and never greets within the step timeout", async () => {
    process.env.OWNERSCOPE_ALLOWED_HOSTS = "127.0.0.1";
    const started = Date.now();
    const said = await reason({
      kind: "email",
      host: "127.0.0.1",
      port: portOf(silent),
      tls: "none",
      from: "a@example.com",
      to: ["b@example.com"],
    });
    expect(said).toMatch(/could not be reached, did not answer in time/);
    expect(Date.now() - started).toBeLessThan(fast.deadlineMs + 500);
  });
});

describe("where alerts may go", () => {
  const hookUrl = (host: string) => `http://${host}:${portOf(hook)}/x`;

  it("refuses loopback in every spelling unless an admin lists the host", async () => {
    for (const host of [
      "127.0.0.1",
      "2130706433",
      "0x7f000001",
      "[::ffff:127.0.0.1]",
      "localhost",
      "[::1]",
    ]) {
      const said = await reason({ kind: "webhook", url: hookUrl(host), secret: "s".repeat(16) });
      expect(said, host).toMatch(/plain http goes only to hosts the server lists/);
      const overTls = await reason({
        kind: "webhook",
        url: hookUrl(host).replace("http:", "https:"),
        secret: "s".repeat(16),
      });
      expect(overTls, host).toMatch(
        /could not be reached, did not answer in time, or is at an address alerts may not go to/,
      );
    }
    expect(hits).toEqual([]);
    process.env.OWNERSCOPE_ALLOWED_HOSTS = "127.0.0.1";
    expect(await reason({ kind: "webhook", url: hookUrl("127.0.0.1"), secret: "s".repeat(16) })).toBe("sent");
    expect(hits).toEqual([`POST /x 127.0.0.1:${portOf(hook)}`]);
  });

  it("takes Slack channels only on Slack's host", async () => {
    expect(await reason({ kind: "slack", url: "https://hooks.example.com/services/T/B/x" })).toMatch(
      /must be Slack's/,
    );
  });

  it("says the same for every receiver it could not reach (no port oracle)", async () => {
    process.env.OWNERSCOPE_ALLOWED_HOSTS = "127.0.0.1";
    const closed = await listen(net.createServer());
    const closedPort = portOf(closed);
    await new Promise((r) => closed.close(r));
    const refused = await reason({
      kind: "webhook",
      url: `http://127.0.0.1:${closedPort}/`,
      secret: "s".repeat(16),
    });
    const stalled = await reason({
      kind: "webhook",
      url: `http://127.0.0.1:${portOf(silent)}/`,
      secret: "s".repeat(16),
    });
    expect(refused).toBe(stalled);
  });

  it("knows which addresses are not public", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "169.254.169.254",
      "172.31.0.1",
      "192.168.1.1",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::ffff:8.8.8.8",
      "0.0.0.0",
      "100.64.0.1",
    ])
      expect(isPublicAddress(a), a).toBe(false);
    for (const a of ["8.8.8.8", "2606:4700:4700::1111", "52.95.110.1"])
      expect(isPublicAddress(a), a).toBe(true);
  });
});
