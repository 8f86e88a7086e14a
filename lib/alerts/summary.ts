import { createHmac } from "node:crypto";

/** What one alert says: per account, how many objects it left that the bucket owner cannot use, where, since when. */
export type AlertSummary = {
  connectionId: string;
  bucket: string;
  total: number;
  accounts: AccountSummary[];
  /** The bucket's live view, filtered to the account when the alert names one. */
  link: string;
  rule: { id: number; account: string | null; threshold: number; digestMinutes: number | null };
};

export type AccountSummary = {
  accountId: string;
  name: string | null;
  count: number;
  firstSeen: string;
  prefixes: { prefix: string; count: number }[];
  firstKeys: string[];
};

export type AlertFinding = { key: string; ownerId: string | null; firstSeen: string };

const FIRST_KEYS = 10;
const PREFIXES = 5;

/** A key's folder (everything up to its last "/"), or "" for a key at the top. */
export const folderOf = (key: string) => key.slice(0, key.lastIndexOf("/") + 1);

/** The findings grouped by owning account, largest first, each with its busiest folders and its first keys. */
export function summarizeFindings(
  findings: readonly AlertFinding[],
  names: Record<string, string>,
): AccountSummary[] {
  const byAccount = new Map<
    string,
    { count: number; firstSeen: string; folders: Map<string, number>; keys: string[] }
  >();
  for (const f of findings) {
    const account = f.ownerId ?? "unknown";
    let a = byAccount.get(account);
    if (!a) byAccount.set(account, (a = { count: 0, firstSeen: f.firstSeen, folders: new Map(), keys: [] }));
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
        .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
        .slice(0, PREFIXES)
        .map(([prefix, count]) => ({ prefix, count })),
      firstKeys: a.keys,
    }))
    .sort((x, y) => y.count - x.count || x.accountId.localeCompare(y.accountId));
}

const who = (a: AccountSummary) => (a.name ? `${a.name} (${a.accountId})` : a.accountId);
const where = (a: AccountSummary) =>
  a.prefixes.map((p) => `${p.prefix || "(top level)"} ${p.count}`).join(", ");

/** One line per account: "account A (id) wrote 340 objects you cannot read under exports/2026-12/ 340, since …". */
export function alertLines(s: AlertSummary): string[] {
  return s.accounts.map(
    (a) =>
      `${who(a)} wrote ${a.count} object${a.count === 1 ? "" : "s"} the bucket owner cannot use, under ${where(a)}, starting ${a.firstSeen}`,
  );
}

export const alertTitle = (s: AlertSummary) =>
  `Ownerscope: ${s.total} new foreign object${s.total === 1 ? "" : "s"} in ${s.bucket}`;

/** The generic webhook's body. */
export const webhookBody = (s: AlertSummary, alertId: number) =>
  JSON.stringify({ type: "ownerscope.foreign-objects", alertId, title: alertTitle(s), ...s });

/** A Slack incoming webhook's body: the text, and the first keys as a code block. */
export function slackBody(s: AlertSummary): string {
  const lines = alertLines(s);
  const keys = s.accounts.flatMap((a) => a.firstKeys).slice(0, 10);
  return JSON.stringify({
    text: escapeSlack(`${alertTitle(s)}\n${lines.join("\n")}`),
    blocks: [
      { type: "header", text: { type: "plain_text", text: alertTitle(s).slice(0, 150) } },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: lines
            .map((l) => `• ${escapeSlack(l)}`)
            .join("\n")
            .slice(0, 3000),
        },
      },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `First keys:\n\`\`\`${keys.map(escapeSlack).join("\n").slice(0, 2900)}\`\`\``,
        },
      },
      { type: "section", text: { type: "mrkdwn", text: `<${s.link}|Open the live view>` } },
    ],
  });
}

// Slack reads <, > and & as markup: a key must not become a link or a mention.
const escapeSlack = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** An e-mail's subject and plain text. */
export function emailMessage(s: AlertSummary): { subject: string; text: string } {
  const body = [
    ...alertLines(s),
    "",
    ...s.accounts.flatMap((a) => [`First keys from ${who(a)}:`, ...a.firstKeys.map((k) => `  ${k}`), ""]),
    `Live view: ${s.link}`,
  ];
  return { subject: alertTitle(s).replace(/[\r\n]+/g, " "), text: body.join("\n") };
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
  smtpUrl?: string;
  to?: string[];
}): string {
  // The path, query and user of a webhook's URL often carry its token: only the host is shown.
  if (config.kind === "webhook") return `signed webhook at ${hostOf(config.url)}`;
  if (config.kind === "slack") return `Slack incoming webhook at ${hostOf(config.url)}`;
  return `e-mail to ${(config.to ?? []).join(", ")} via ${hostOf(config.smtpUrl)}`;
}

function hostOf(url: string | undefined): string {
  try {
    return new URL(url ?? "").host;
  } catch {
    return "?";
  }
}
