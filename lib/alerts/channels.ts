import "server-only";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import nodemailer from "nodemailer";
import { emailMessage, slackBody, webhookBody, webhookSignature } from "@/lib/alerts/summary";
import { liveSettings } from "@/lib/env";
import type { AlertSummary, ChannelConfig, EmailConfig } from "@/lib/schemas/alerts";
import {
  checkedAddress,
  isAllowedHost,
  outboundTarget,
  parseAllowedHosts,
  type OutboundTarget,
} from "./address-policy";

/** Each step of a delivery (connecting, the greeting, each answer) and the whole of it are bounded. */
export type DeliveryLimits = { stepMs: number; deadlineMs: number };
export const DELIVERY_LIMITS: DeliveryLimits = { stepMs: 10_000, deadlineMs: 30_000 };

/**
 * A delivery that did not happen, in words that are the same for every way a receiver could not be reached (so a
 * channel's test is no probe of which ports answer); `detail` is for the server's log only.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

// One sentence for a receiver that could not be reached, did not answer, or whose address is not one alerts may go
// to: telling them apart would let a channel's test probe which internal names resolve and which ports answer.
const UNREACHABLE =
  "the receiver could not be reached, did not answer in time, or is at an address alerts may not go to (loopback, private, link-local: an admin may list such a host in OWNERSCOPE_ALLOWED_HOSTS)";

type Address = { address: string; family: number };

async function resolveChecked(host: string, listed: boolean): Promise<Address> {
  const family = isIP(host);
  let addresses: Address[];
  try {
    addresses = family ? [{ address: host, family }] : await lookup(host, { all: true, verbatim: true });
  } catch (error) {
    throw new DeliveryError(UNREACHABLE, String(error));
  }
  try {
    return checkedAddress(host, addresses, listed);
  } catch (error) {
    throw new DeliveryError(UNREACHABLE, (error as Error).message);
  }
}

/** POSTs to the address that was checked (never a second lookup), without following redirects. */
function postTo(
  target: OutboundTarget & { url: URL },
  to: Address,
  body: string,
  headers: Record<string, string>,
  limits: DeliveryLimits,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = (target.tls ? https : http).request(
      {
        host: to.address,
        family: to.family,
        port: target.port,
        method: "POST",
        path: `${target.url.pathname}${target.url.search}`,
        // The certificate is checked against the name the admin gave, not the address.
        servername: target.tls && !isIP(target.host) ? target.host : undefined,
        headers: {
          host: target.url.host,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "Ownerscope",
          ...headers,
        },
        timeout: limits.stepMs,
        signal: AbortSignal.timeout(limits.deadlineMs),
        agent: false,
      },
      (response) => {
        // The receiver's answer is not read beyond its status: it is not ours to show.
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.on("error", (error) => reject(new DeliveryError(UNREACHABLE, String(error))));
    request.end(body);
  });
}

async function post(
  kind: "webhook" | "slack",
  urlText: string,
  body: string,
  headers: Record<string, string>,
  limits: DeliveryLimits,
) {
  let target: ReturnType<typeof outboundTarget>;
  try {
    target = outboundTarget(urlText, kind, parseAllowedHosts(liveSettings().allowedHosts ?? undefined));
  } catch (error) {
    throw new DeliveryError((error as Error).message);
  }
  const address = await resolveChecked(target.host, target.listed);
  const status = await postTo(target, address, body, headers, limits);
  if (status < 200 || status > 299) throw new DeliveryError(`the receiver answered HTTP ${status}`);
}

/** Nodemailer gets an options object built from validated fields: nothing a user typed is parsed into options. */
async function sendEmail(config: EmailConfig, summary: AlertSummary, limits: DeliveryLimits): Promise<void> {
  const host = config.host.replace(/^\[|\]$/g, "");
  const listed = isAllowedHost(
    parseAllowedHosts(liveSettings().allowedHosts ?? undefined),
    host,
    config.port,
  );
  const address = await resolveChecked(host, listed);
  const transport = nodemailer.createTransport({
    host: address.address,
    port: config.port,
    secure: config.tls === "tls",
    requireTLS: config.tls === "starttls",
    ignoreTLS: config.tls === "none",
    tls: { servername: isIP(host) ? undefined : host },
    auth: config.user ? { user: config.user, pass: config.password ?? "" } : undefined,
    connectionTimeout: limits.stepMs,
    greetingTimeout: limits.stepMs,
    socketTimeout: limits.stepMs,
    dnsTimeout: limits.stepMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const { subject, text } = emailMessage(summary);
    await Promise.race([
      transport.sendMail({ from: config.from, to: config.to, subject, text }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("deadline passed")), limits.deadlineMs);
      }),
    ]);
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    // An SMTP server that answered with a refusal is reported as such; every other failure reads the same.
    throw code
      ? new DeliveryError(`the mail server refused the message (${code})`, String(error))
      : new DeliveryError(UNREACHABLE, String(error));
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}

/** Sends one alert to one channel; throws a DeliveryError when the channel did not take it (the caller retries). */
export async function sendAlert(
  config: ChannelConfig,
  summary: AlertSummary,
  alertId: number,
  limits: DeliveryLimits = DELIVERY_LIMITS,
): Promise<void> {
  if (config.kind === "webhook") {
    const body = webhookBody(summary, alertId);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = {
      "x-ownerscope-timestamp": timestamp,
      "x-ownerscope-signature": webhookSignature(config.secret, timestamp, body),
      "x-ownerscope-alert": String(alertId),
    };
    return post("webhook", config.url, body, headers, limits);
  }
  if (config.kind === "slack") return post("slack", config.url, slackBody(summary), {}, limits);
  return sendEmail(config, summary, limits);
}
