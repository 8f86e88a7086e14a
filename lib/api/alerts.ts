import "server-only";
import { z } from "zod";
import { DeliveryError, sendAlert } from "@/lib/alerts/channels";
import { alertLink } from "@/lib/alerts/link";
import { describeChannel, sampleSummary } from "@/lib/alerts/summary";
import type { Db } from "@/lib/db";
import {
  channelByName,
  deleteChannel,
  getChannel,
  listAlerts,
  listChannels,
  resendDelivery,
  saveChannel,
  type Channel,
} from "@/lib/db/alerts";
import { AppError } from "@/lib/errors";
import type { ChannelConfig, ChannelInput } from "@/lib/schemas/alerts";
import type { AlertsHistory, ChannelDto } from "@/lib/schemas/watch";

// Alert channels (where alerts go), the alerts history with its failed deliveries, a resend, and a test message.

export const alertsQuerySchema = z.object({
  connectionId: z.string().max(64).optional(),
  bucket: z.string().max(255).optional(),
  failed: z.enum(["0", "1"]).default("0"),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const idSchema = z.coerce.number().int().positive();

const channelDto = (c: Channel): ChannelDto => ({
  id: c.id,
  name: c.name,
  kind: c.config.kind,
  description: describeChannel(c.config),
  createdAt: c.createdAt,
  failingSince: c.failingSince,
  failures: c.failures,
});

export const channels = (db: Db) => listChannels(db).map(channelDto);

export const putChannel = (db: Db, input: ChannelInput) => channelDto(saveChannel(db, input));

export function removeChannel(db: Db, id: number) {
  if (!deleteChannel(db, id)) throw new AppError("not_found", `No alert channel ${id}.`);
  return { removed: id };
}

export function alertsHistory(db: Db, q: z.infer<typeof alertsQuerySchema>): AlertsHistory {
  const alerts = listAlerts(db, {
    connectionId: q.connectionId,
    bucket: q.bucket,
    before: q.before,
    limit: q.limit,
    failedOnly: q.failed === "1",
  });
  return { alerts, nextBefore: alerts.length === q.limit ? alerts.at(-1)!.id : null };
}

export function resend(db: Db, deliveryId: number) {
  if (!resendDelivery(db, deliveryId, new Date().toISOString()))
    throw new AppError(
      "conflict",
      `Delivery ${deliveryId} has not failed (or does not exist): nothing to resend.`,
    );
  return { resent: deliveryId };
}

/** A channel by its name, or by its number. */
export const channelNamed = (db: Db, name: string): Channel | undefined =>
  channelByName(db, name) ?? (/^\d+$/.test(name) ? getChannel(db, Number(name)) : undefined);

/**
 * Sends a sample alert through a configuration now: null when the channel took it, else why not, in the same words
 * for every receiver that could not be reached (the details go to the server's log only).
 */
export async function testAlertRefusal(config: ChannelConfig, label: string): Promise<string | null> {
  try {
    await sendAlert(config, sampleSummary(alertLink("/alerts")), 0);
    return null;
  } catch (error) {
    if (error instanceof DeliveryError && error.detail)
      console.warn(`[ownerscope] test alert to ${label}: ${error.detail}`);
    return error instanceof DeliveryError ? error.message : "the channel could not be reached";
  }
}

/** Sends a sample alert to a channel now, and says whether the channel took it. */
export async function testChannel(db: Db, id: number) {
  const channel = getChannel(db, id);
  if (!channel) throw new AppError("not_found", `No alert channel ${id}.`);
  const refused = await testAlertRefusal(channel.config, `channel ${id}`);
  if (refused !== null)
    throw new AppError("upstream_error", `The channel did not take the test alert: ${refused}.`);
  return { sent: true, channel: channelDto(channel) };
}
