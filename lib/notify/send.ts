import "server-only";
import nodemailer from "nodemailer";
import {
  emailMessage,
  slackBody,
  webhookBody,
  webhookSignature,
  type AlertSummary,
} from "@/lib/alerts/summary";
import type { ChannelConfig } from "@/lib/schemas/alerts";

const TIMEOUT_MS = 10_000;

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "user-agent": "Ownerscope", ...headers },
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: "error",
  });
  // The receiver's answer is not read beyond its status: it is not ours to show.
  await response.body?.cancel();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}

/** Sends one alert to one channel; throws when the channel did not take it (the caller retries). */
export async function sendAlert(
  config: ChannelConfig,
  summary: AlertSummary,
  alertId: number,
): Promise<void> {
  if (config.kind === "webhook") {
    const body = webhookBody(summary, alertId);
    const timestamp = String(Math.floor(Date.now() / 1000));
    await post(config.url, body, {
      "x-ownerscope-timestamp": timestamp,
      "x-ownerscope-signature": webhookSignature(config.secret, timestamp, body),
      "x-ownerscope-alert": String(alertId),
    });
    return;
  }
  if (config.kind === "slack") return post(config.url, slackBody(summary), {});
  const transport = nodemailer.createTransport(config.smtpUrl, {
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    const { subject, text } = emailMessage(summary);
    await transport.sendMail({ from: config.from, to: config.to, subject, text });
  } finally {
    transport.close();
  }
}
