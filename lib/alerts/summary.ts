import { createHmac } from "node:crypto";
import { compareKeys, cutText } from "@/lib/keys";
import type { AccountSummary, AlertSummary } from "@/lib/schemas/alerts";
import { describeWriters, printable, type AlertWriter } from "@/lib/writers/alert";

export type AlertFinding = { key: string; ownerId: string | null; firstSeen: string; writer?: string | null };

/** The writers to name for an account, from its events' principals (lib/writers/alert.ts). */
export type WritersOf = (accountId: string, eventWriters: string[]) => AlertWriter[];

const EVENT_WRITERS = 5;

const FIRST_KEYS = 10;
const PREFIXES = 5;

/** A key's folder (everything up to its last "/"), or "" for a key at the top. */
export const folderOf = (key: string) => key.slice(0, key.lastIndexOf("/") + 1);

/** The findings grouped by owning account, largest first, each with its busiest folders and its first keys. */
export function summarizeFindings(
  findings: readonly AlertFinding[],
  names: Record<string, string>,
  writersOf?: WritersOf,
): AccountSummary[] {
  const byAccount = new Map<
    string,
    { count: number; firstSeen: string; folders: Map<string, number>; keys: string[]; writers: Set<string> }
  >();
  for (const f of findings) {
    const account = f.ownerId ?? "unknown";
    let a = byAccount.get(account);
    if (!a)
      byAccount.set(
        account,
        (a = { count: 0, firstSeen: f.firstSeen, folders: new Map(), keys: [], writers: new Set() }),
      );
    if (f.writer && a.writers.size < EVENT_WRITERS) a.writers.add(f.writer);
    a.count++;
    if (f.firstSeen < a.firstSeen) a.firstSeen = f.firstSeen;
    const folder = folderOf(f.key);
    a.folders.set(folder, (a.folders.get(folder) ?? 0) + 1);
    if (a.keys.length < FIRST_KEYS) a.keys.push(f.key);
  }
  return [...byAccount]
    .map(([accountId, a]) => ({
      accountId,
      name: names[accountId] ?? null,
      count: a.count,
      firstSeen: a.firstSeen,
      prefixes: [...a.folders]
        .sort((x, y) => y[1] - x[1] || compareKeys(x[0], y[0]))
        .slice(0, PREFIXES)
        .map(([prefix, count]) => ({ prefix, count })),
      firstKeys: a.keys,
      ...(writersOf ? { writers: writersOf(accountId, [...a.writers]) } : {}),
    }))
    .sort((x, y) => y.count - x.count || compareKeys(x.accountId, y.accountId));
}

const who = (a: AccountSummary) => (a.name ? `${a.name} (${a.accountId})` : a.accountId);
const where = (a: AccountSummary) =>
  a.prefixes.map((p) => `${p.prefix || "(top level)"} ${p.count}`).join(", ");

/**
 * One line per account: "account A (id) wrote 340 objects you cannot read under exports/2026-12/ 340, since …",
 * with its writers and the setting that fixes each, where known.
 */
export function alertLines(s: AlertSummary): string[] {
  return s.accounts.map(
    (a) =>
      `${who(a)} wrote ${a.count} object${a.count === 1 ? "" : "s"} the bucket owner cannot use, under ${where(a)}, starting ${a.firstSeen}` +
      (a.writers?.length ? `; written by ${describeWriters(a.writers)}` : ""),
  );
}

export const alertTitle = (s: AlertSummary) =>
  `Ownerscope: ${s.total} new foreign object${s.total === 1 ? "" : "s"} in ${s.bucket}`;

/** The generic webhook's body. */
export const webhookBody = (s: AlertSummary, alertId: number) =>
  JSON.stringify({ type: "ownerscope.foreign-objects", alertId, title: alertTitle(s), ...s });

// What a key or a name says is shown so that it cannot move, hide or break lines of the message (lib/writers/alert.ts).
export const visible = printable;

// Slack reads <, > and & as markup everywhere in a message's text: a key must not become a link or a mention.
const escapeSlack = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A Slack incoming webhook's body. What a key, a folder or a name holds is put only in plain-text blocks, which
 * Slack never formats (so `*`, `_`, `~` and backticks in a key stay characters), and in the notification's
 * fallback text with formatting turned off; the only markup is the link to the live view, which is ours.
 */
export function slackBody(s: AlertSummary): string {
  const lines = alertLines(s).map(visible);
  const keys = s.accounts.flatMap((a) => a.firstKeys).slice(0, 10);
  const plain = (text: string) => ({ type: "plain_text", text, emoji: false });
  return JSON.stringify({
    text: escapeSlack(visible(`${alertTitle(s)}\n${lines.join("\n")}`)),
    mrkdwn: false,
    blocks: [
      { type: "header", text: plain(cutText(visible(alertTitle(s)), 150)) },
      { type: "section", text: plain(cutText(lines.map((l) => `• ${l}`).join("\n"), 3000)) },
      { type: "section", text: plain(cutText(`First keys:\n${keys.map(visible).join("\n")}`, 3000)) },
      /^https?:\/\//.test(s.link)
        ? { type: "section", text: { type: "mrkdwn", text: `<${escapeSlack(s.link)}|Open the live view>` } }
        : { type: "section", text: plain(`Live view: ${s.link} on Ownerscope`) },
    ],
  });
}

/** An e-mail's subject and plain text. */
export function emailMessage(s: AlertSummary): { subject: string; text: string } {
  const body = [
    ...alertLines(s),
    "",
    ...s.accounts.flatMap((a) => [`First keys from ${who(a)}:`, ...a.firstKeys.map((k) => `  ${k}`), ""]),
    `Live view: ${s.link}`,
  ];
  return { subject: visible(alertTitle(s)), text: body.map(visible).join("\n") };
}

/** The webhook's signature header: HMAC-SHA256 over "timestamp.body" with the channel's secret. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** A made-up alert for trying a channel ("alerts test"): it says so in its account name. */
export function sampleSummary(link: string): AlertSummary {
  const firstSeen = new Date().toISOString();
  return {
    connectionId: "sample",
    bucket: "sample-bucket",
    total: 2,
    accounts: [
      {
        accountId: "sample-canonical-id",
        name: "a sample account (this is a test alert)",
        count: 2,
        firstSeen,
        prefixes: [{ prefix: "exports/2026-12/", count: 2 }],
        firstKeys: ["exports/2026-12/part-0001.csv", "exports/2026-12/part-0002.csv"],
      },
    ],
    link,
    rule: { id: 0, account: null, threshold: 1, digestMinutes: null },
  };
}

/** A channel as shown to people: never its secret, its Slack URL (a secret itself) or its SMTP password. */
export function describeChannel(config: {
  kind: string;
  url?: string;
  host?: string;
  port?: number;
  to?: string[];
}): string {
  // The path, query and user of a webhook's URL often carry its token: only the host is shown.
  if (config.kind === "webhook") return `signed webhook at ${hostOf(config.url)}`;
  if (config.kind === "slack") return `Slack incoming webhook at ${hostOf(config.url)}`;
  return `e-mail to ${(config.to ?? []).join(", ")} via ${config.host}:${config.port}`;
}

function hostOf(url: string | undefined): string {
  try {
    return new URL(url ?? "").host;
  } catch {
    return "?";
  }
}
