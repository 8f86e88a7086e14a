import { z } from "zod";

const httpUrl = z
  .string()
  .max(2048)
  .refine((u) => {
    try {
      const url = new URL(u);
      return ["http:", "https:"].includes(url.protocol) && !url.username && !url.password;
    } catch {
      return false;
    }
  }, "must be an http(s) URL without a user or password in it");

const email = z.email().max(254);

/** A host name or an IP address as typed: no scheme, port, path or anything a library could read as options. */
export const hostSchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(
    /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|\[?[0-9A-Fa-f:.]+\]?)$/,
    "must be a host name or an IP address",
  );

/** How the SMTP connection is secured: TLS from the first byte (465), STARTTLS required (587), or none (a local relay). */
export const smtpTlsModes = ["tls", "starttls", "none"] as const;

export const emailConfigSchema = z.object({
  kind: z.literal("email"),
  host: hostSchema,
  port: z.coerce.number().int().min(1).max(65_535),
  tls: z.enum(smtpTlsModes),
  user: z.string().max(256).optional(),
  /** Write-only: stored for sending, never shown or answered. */
  password: z.string().max(256).optional(),
  from: email,
  to: z.array(email).min(1).max(20),
});
export type EmailConfig = z.infer<typeof emailConfigSchema>;

export const channelConfigSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("webhook"),
    url: httpUrl,
    secret: z.string().min(16, "at least 16 characters").max(256),
  }),
  z.object({ kind: z.literal("slack"), url: httpUrl }),
  emailConfigSchema,
]);
export type ChannelConfig = z.infer<typeof channelConfigSchema>;

/**
 * The SMTP fields of a `smtp://user:pass@host:port` or `smtps://…` address (the CLI's --smtp, and channels stored
 * before the fields existed), read by our own code: a path, query or fragment is refused, never passed on.
 */
export function smtpFieldsFromUrl(
  value: string,
): Pick<EmailConfig, "host" | "port" | "tls" | "user" | "password"> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error("must be an smtp:// or smtps:// address");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:")
    throw new Error("must be an smtp:// or smtps:// address");
  if (url.search || url.hash || (url.pathname !== "" && url.pathname !== "/"))
    throw new Error("an SMTP address takes no path, query or fragment (only user, password, host and port)");
  const secure = url.protocol === "smtps:";
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    tls: secure ? "tls" : url.port === "25" ? "none" : "starttls",
    user: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
  };
}

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

const accountSummarySchema = z.object({
  accountId: z.string(),
  name: z.string().nullable(),
  count: z.number(),
  firstSeen: z.string(),
  prefixes: z.array(z.object({ prefix: z.string(), count: z.number() })),
  firstKeys: z.array(z.string()),
  /** Who wrote them, where known (lib/writers/alert.ts); alerts stored before writers were named have none. */
  writers: z
    .array(z.object({ who: z.string(), tool: z.string().nullable(), fix: z.string().nullable() }))
    .optional(),
});

/**
 * What one alert says (and what is stored with it): per account, how many objects it left that the bucket owner
 * cannot use, where, since when.
 */
export const alertSummarySchema = z.object({
  connectionId: z.string(),
  bucket: z.string(),
  total: z.number(),
  accounts: z.array(accountSummarySchema),
  /** The bucket's live view, filtered to the account when the alert names one. */
  link: z.string(),
  rule: z.object({
    id: z.number(),
    account: z.string().nullable(),
    threshold: z.number(),
    digestMinutes: z.number().nullable(),
  }),
});

export type AlertSummary = z.infer<typeof alertSummarySchema>;
export type AccountSummary = z.infer<typeof accountSummarySchema>;
