import { z } from "zod";

const httpUrl = z
  .string()
  .max(2048)
  .refine((u) => {
    try {
      return ["http:", "https:"].includes(new URL(u).protocol);
    } catch {
      return false;
    }
  }, "must be an http(s) URL");

const email = z.email().max(254);

export const channelConfigSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("webhook"),
    url: httpUrl,
    secret: z.string().min(16, "at least 16 characters").max(256),
  }),
  z.object({ kind: z.literal("slack"), url: httpUrl }),
  z.object({
    kind: z.literal("email"),
    smtpUrl: z
      .string()
      .max(2048)
      .regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL"),
    from: email,
    to: z.array(email).min(1).max(20),
  }),
]);
export type ChannelConfig = z.infer<typeof channelConfigSchema>;

export const channelInputSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .regex(/^[\w .@-]+$/, "letters, digits, spaces and . _ @ - only"),
  config: channelConfigSchema,
});
export type ChannelInput = z.infer<typeof channelInputSchema>;

export const alertRuleInputSchema = z.object({
  channelId: z.coerce.number().int().positive(),
  /** A writer's canonical ID, or any foreign account when absent. */
  accountId: z.string().trim().min(1).max(256).nullish(),
  threshold: z.coerce.number().int().min(1).max(1_000_000).default(1),
  /** Minutes per digest; absent: immediate. */
  digestMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .nullish(),
});
export type AlertRuleInput = z.infer<typeof alertRuleInputSchema>;
