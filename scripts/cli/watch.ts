// Watching from a terminal: set up the feed of a bucket's events and see what arrived (`watch setup|status`),
// rescans on a schedule (`schedule add|list|remove`), alert channels and rules, and a test alert (`alerts test`).
// Each input goes through the same schema as the route that does the same in the browser.
import { z } from "zod";
import { channelNamed, putChannel, testAlertRefusal } from "@/lib/api/alerts";
import { findConnection } from "@/lib/api/connections";
import { schedules } from "@/lib/api/schedules";
import {
  addAlertRule,
  deleteSchedule,
  putSchedule,
  rotateSecret,
  setUp,
  watchStatus as statusOf,
} from "@/lib/api/watch";
import type { Db } from "@/lib/db";
import { liveSettings } from "@/lib/env";
import {
  alertRuleInputSchema,
  channelInputSchema,
  smtpFieldsFromUrl,
  type ChannelConfig,
} from "@/lib/schemas/alerts";
import { rotateSecretSchema, scheduleSchema, setupSchema } from "@/lib/schemas/watch";
import { print, UsageError, type Command, type Flags } from "./command";

const text = (v: Flags[string]) => (typeof v === "string" ? v : undefined);
const json = (f: Flags) => text(f.format) === "json";

function connectionOf(db: Db, f: Flags, command: string): string {
  const id = text(f.connection);
  if (!id) throw new UsageError(`${command} needs --connection`);
  if (!findConnection(db, id))
    throw new UsageError(`no connection "${id}"; add it first with: connection add`);
  return id;
}

/** "6h", "30m", "2d" or a number of hours, in hours. */
export function parseEvery(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([mhd]?)$/i.exec(value.trim());
  if (!m) throw new UsageError(`--every: "${value}" is not a period (like 6h, 30m or 2d)`);
  const n = Number(m[1]);
  const unit = (m[2] ?? "").toLowerCase();
  return unit === "m" ? n / 60 : unit === "d" ? n * 24 : n;
}

const target = {
  connection: { type: "string" },
  bucket: { type: "string" },
  format: { type: "string" },
} as const;

const watchSetup: Command = {
  usage: `watch setup      --connection ID --bucket B [--kind gateway|sns|eventbridge|sqs] [--apply] [--url BASE_URL]
                   [--account-id ID] [--format json]   watch the bucket, and print the configuration that feeds
                   its events to Ownerscope (JSON and aws commands); --apply writes it on the gateway;
                   BASE_URL: where the sender reaches Ownerscope (default $OWNERSCOPE_PUBLIC_URL, else
                   http://127.0.0.1:3000); --account-id: the bucket owner's, when STS cannot say`,
  required: ["connection", "bucket"],
  options: {
    ...target,
    kind: { type: "string" },
    apply: { type: "boolean" },
    url: { type: "string" },
    "account-id": { type: "string" },
  },
  run: async (db, f) => {
    const connectionId = connectionOf(db(), f, "watch setup");
    const baseUrl = text(f.url) ?? liveSettings().publicUrl ?? "http://127.0.0.1:3000";
    if (!URL.canParse(baseUrl)) throw new UsageError(`--url: "${baseUrl}" is not a URL`);
    // The route's schema; the CLI's setup watches the bucket from now on (the browser can also only show it).
    const input = setupSchema.parse({
      kind: text(f.kind) ?? "gateway",
      apply: f.apply === true,
      watch: true,
      accountId: text(f["account-id"]),
    });
    const result = await setUp(db(), connectionId, text(f.bucket)!, input, baseUrl, "cli");
    if (json(f)) print(result);
    else {
      process.stdout.write(
        `# ${result.plan.kind} feed for ${text(f.bucket)}; events go to ${result.intakeUrl}\n`,
      );
      for (const note of result.plan.notes) process.stdout.write(`# ${note}\n`);
      if (result.applied.length) process.stdout.write(`# written: ${result.applied.join("; ")}\n`);
      else process.stdout.write(`${result.plan.commands.join("\n")}\n`);
    }
    return 0;
  },
};

const watchStatus: Command = {
  usage: `watch status     --connection ID --bucket B [--limit N] [--format json]   events checked and waiting, and the
                   newest live findings; exit 3 when objects the bucket owner cannot use have arrived`,
  required: ["connection", "bucket"],
  options: { ...target, limit: { type: "string" } },
  run: (db, f) => {
    const connectionId = connectionOf(db(), f, "watch status");
    const bucket = text(f.bucket)!;
    const limit = z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .parse(text(f.limit) ?? "20");
    const status = statusOf(db(), connectionId, bucket, limit);
    if (!status)
      throw new UsageError(
        `${bucket} is not watched; run: watch setup --connection ${connectionId} --bucket ${bucket}`,
      );
    const { counts, live, gaps } = status;
    if (json(f)) print(status);
    else {
      process.stdout.write(
        `${bucket}: watched through ${status.source} since ${status.since}; ${counts.checked} events checked, ` +
          `${counts.pending} waiting, ${counts.failed} failed; ${counts.alerting} objects the bucket owner cannot use\n`,
      );
      for (const g of gaps)
        process.stdout.write(
          `gap ${g.startedAt} to ${g.endedAt ?? "now"} (${g.cause}): ${g.state === "closed" ? `closed, ${g.found} found` : g.state}\n`,
        );
      for (const l of live)
        process.stdout.write(
          `${l.firstSeen}  ${l.status.padEnd(20)} ${l.ownerId ?? "?"}  ${JSON.stringify(l.key)}\n`,
        );
    }
    return counts.alerting > 0 ? 3 : 0;
  },
};

const scheduleAdd: Command = {
  usage: `schedule add     --connection ID --bucket B --every PERIOD [--mode fast|full]   rescan every PERIOD (6h, 30m,
                   2d); fast by default`,
  required: ["connection", "bucket", "every"],
  options: { ...target, every: { type: "string" }, mode: { type: "string" } },
  run: async (db, f) => {
    const connectionId = connectionOf(db(), f, "schedule add");
    // The API's schema: the CLI and the browser accept the same intervals, with the same words.
    const input = scheduleSchema.parse({
      everyHours: parseEvery(text(f.every)!),
      mode: text(f.mode) ?? "fast",
    });
    print(await putSchedule(db(), connectionId, text(f.bucket)!, input));
    return 0;
  },
};

const scheduleList: Command = {
  usage: `schedule list    [--connection ID]   every schedule, its next run, and its last runs with what changed`,
  options: { connection: { type: "string" } },
  run: (db, f) => {
    print(schedules(db(), { connectionId: text(f.connection), runs: 5 }));
    return 0;
  },
};

const scheduleRemove: Command = {
  usage: `schedule remove  --connection ID --bucket B`,
  required: ["connection", "bucket"],
  options: target,
  run: async (db, f) => {
    const connectionId = connectionOf(db(), f, "schedule remove");
    const bucket = text(f.bucket)!;
    if (!schedules(db(), { connectionId, runs: 0 }).some((s) => s.bucket === bucket))
      throw new UsageError(`${bucket} has no schedule on ${connectionId}`);
    print(await deleteSchedule(db(), connectionId, bucket));
    return 0;
  },
};

const channelFlags = {
  name: { type: "string" },
  webhook: { type: "string" },
  secret: { type: "string" },
  slack: { type: "string" },
  smtp: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
} as const;

/** A channel's configuration from --webhook/--secret, --slack, or --smtp/--from/--to. */
function channelConfigOf(f: Flags): ChannelConfig {
  const given = ["webhook", "slack", "smtp"].filter((k) => text(f[k]));
  if (given.length !== 1)
    throw new UsageError("name one channel: --webhook URL --secret S, --slack URL, or --smtp URL");
  if (text(f.webhook)) return { kind: "webhook", url: text(f.webhook)!, secret: text(f.secret) ?? "" };
  if (text(f.slack)) return { kind: "slack", url: text(f.slack)! };
  let smtp: ReturnType<typeof smtpFieldsFromUrl>;
  try {
    smtp = smtpFieldsFromUrl(text(f.smtp)!);
  } catch (error) {
    throw new UsageError(`--smtp: ${(error as Error).message}`);
  }
  return {
    kind: "email",
    ...smtp,
    from: text(f.from) ?? "",
    to: (text(f.to) ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

const alertsChannelAdd: Command = {
  usage: `alerts channel-add --name N (--webhook URL --secret S | --slack URL | --smtp URL --from F --to A,B)`,
  required: ["name"],
  options: channelFlags,
  run: (db, f) => {
    const input = channelInputSchema.parse({ name: text(f.name), config: channelConfigOf(f) });
    const saved = putChannel(db(), input);
    print({ id: saved.id, name: saved.name, kind: saved.kind });
    return 0;
  },
};

const alertsRuleAdd: Command = {
  usage: `alerts rule-add --connection ID --bucket B --channel NAME [--account CANONICAL_ID] [--threshold N]
                   [--digest-minutes M]   alert on new foreign objects (any account unless --account)`,
  required: ["connection", "bucket", "channel"],
  options: {
    ...target,
    channel: { type: "string" },
    account: { type: "string" },
    threshold: { type: "string" },
    "digest-minutes": { type: "string" },
  },
  run: async (db, f) => {
    const connectionId = connectionOf(db(), f, "alerts rule add");
    const channel = channelNamed(db(), text(f.channel)!);
    if (!channel)
      throw new UsageError(`no alert channel "${text(f.channel)}"; add it with: alerts channel-add`);
    const input = alertRuleInputSchema.parse({
      channelId: channel.id,
      accountId: text(f.account) ?? null,
      threshold: text(f.threshold) ?? 1,
      digestMinutes: text(f["digest-minutes"]) ?? null,
    });
    // The route's checks too: the bucket must be one the connection lists, watches or has scanned.
    print(await addAlertRule(db(), connectionId, text(f.bucket)!, input));
    return 0;
  },
};

const alertsTest: Command = {
  usage: `alerts test      (--channel NAME_OR_ID | --webhook URL --secret S | --slack URL | --smtp URL --from F --to A)
                   sends a sample alert now; exit 0 when the channel took it, 1 when it did not`,
  options: { ...channelFlags, channel: { type: "string" } },
  run: async (db, f) => {
    let config: ChannelConfig;
    const named = text(f.channel);
    if (named) {
      const channel = channelNamed(db(), named);
      if (!channel) throw new UsageError(`no alert channel "${named}"`);
      config = channel.config;
    } else config = channelInputSchema.parse({ name: "test", config: channelConfigOf(f) }).config;
    const refused = await testAlertRefusal(config, `a ${config.kind} channel`);
    if (refused !== null) {
      process.stderr.write(`ownerscope: the channel did not take the test alert: ${refused}\n`);
      return 1;
    }
    process.stdout.write(`sent a test alert (${config.kind})\n`);
    return 0;
  },
};

const watchRotateSecret: Command = {
  usage: `watch rotate-secret --connection ID --bucket B [--grace-hours N]   a new intake secret for the bucket; the
                   old one is accepted for N hours (default 24), then refused; then run watch setup again`,
  required: ["connection", "bucket"],
  options: { ...target, "grace-hours": { type: "string" } },
  run: async (db, f) => {
    const connectionId = connectionOf(db(), f, "watch rotate-secret");
    const input = rotateSecretSchema.parse({ graceHours: text(f["grace-hours"]) ?? 24 });
    print(await rotateSecret(db(), connectionId, text(f.bucket)!, input, "cli"));
    return 0;
  },
};

/** Named by two words, as the setup commands are. */
export const watchCommands: Record<string, Command> = {
  "watch setup": watchSetup,
  "watch status": watchStatus,
  "watch rotate-secret": watchRotateSecret,
  "schedule add": scheduleAdd,
  "schedule list": scheduleList,
  "schedule remove": scheduleRemove,
  "alerts test": alertsTest,
  "alerts channel-add": alertsChannelAdd,
  "alerts rule-add": alertsRuleAdd,
};
