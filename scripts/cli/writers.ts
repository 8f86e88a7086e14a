// `ownerscope writers list|show`: who keeps writing into a bucket without bucket-owner-full-control, from its logs
// (read now when named, else the newest reading in this data directory) and its newest scan here; for one writer,
// the fix at its source, a message for its team, and the guardrail that would refuse such writes.
import os from "node:os";
import { writersHere, type BucketWriters } from "@/lib/api/writers";
import type { Db } from "@/lib/db";
import { writersFlagsSchema } from "@/lib/schemas/writers";
import { printable } from "@/lib/writers/alert";
import { countsOf, unknownToolOf, type WriterView } from "@/lib/writers/view";
import { UsageError } from "./command";
import { connectionOptions, partialTargetOf } from "./connection-flags";
import { write, type Out } from "./output";

export const writersUsage = `usage: ownerscope writers list --bucket B [--access-logs s3://LOGS/PREFIX/] [--cloudtrail s3://TRAIL/PREFIX/]
                        [--metadata-journal s3://BUCKET/PREFIX/ (S3 Metadata journal rows as Parquet files)]
                        [--since DATE] [--owner-account ID] [--principal CANONICAL_ID=ACCOUNT_ID_OR_ARN ...]
                        [--logs-profile PROFILE] [--format json|table] [--profile P] [--endpoint-url URL] ...
       ownerscope writers show --writer N --bucket B [the same flags]
list   every writer of the bucket that is not its owner's own account: principal (a managed service's session),
       tool and version as its User-Agent or session names it (an unknown agent shown as it is), writes and bytes,
       whether they carry bucket-owner-full-control (CloudTrail shows it; the newest scan's unreadable keys tell it
       for an access log), first and last write; then the guardrail and what it would have refused
show   one writer (--writer N, as list numbers them): the setting that fixes it at its source with a line to copy and where
       it is documented, a message for its team, the bucket policy with the guardrail merged in, and the
       organization's SCP
exit status: 0 no writer seen writing without the ACL; 3 some are; 2 usage; 1 anything else`;

export const writersOptions = {
  bucket: { type: "string" },
  writer: { type: "string" },
  "access-logs": { type: "string" },
  cloudtrail: { type: "string" },
  "metadata-journal": { type: "string" },
  since: { type: "string" },
  "owner-account": { type: "string" },
  principal: { type: "string", multiple: true },
  "logs-profile": { type: "string" },
  format: { type: "string" },
  ...connectionOptions,
} as const;

/** Each line of the text as it may be printed: what the logs said cannot move the cursor or rewrite a line. */
const safeLines = (text: string) => text.split("\n").map(printable).join("\n");

const VERDICTS = { "without-acl": "WITHOUT the ACL", "with-acl": "with the ACL", unknown: "ACL not seen" };

function toolOf(w: WriterView): string {
  if (w.tool) return `${w.tool.name}${w.toolVersion ? ` ${w.toolVersion}` : ""}${w.job ? ` (${w.job})` : ""}`;
  return w.userAgent ? `unknown agent: ${w.userAgent}` : unknownToolOf(w).toLowerCase();
}

function listText(v: BucketWriters): string {
  const lines: string[] = [];
  if (!v.logs)
    lines.push(
      `no reading of ${v.bucket}'s logs here: name --access-logs, --cloudtrail or --metadata-journal`,
    );
  else
    lines.push(
      `${v.bucket}: writers in the logs from ${v.logs.from ?? "-"} to ${v.logs.to ?? "-"}` +
        `${v.logs.partial ? ` (partial: ${v.logs.partial})` : ""}; ` +
        `${v.scan ? `judged against scan ${v.scan.id}` : "no scan here: run ownerscope scan to tell from the objects"}`,
    );
  for (const w of v.writers)
    lines.push(
      `${String(w.index).padStart(3)}  ${VERDICTS[w.verdict].padEnd(15)} ${w.principal}${w.session ? ` [${w.session}]` : ""}`,
      `     ${toolOf(w)}; ${countsOf(w)}; last ${w.lastWrite}` +
        `${w.lockedKeys && !w.owned ? `; ${w.lockedKeys} of its keys unreadable by the owner` : ""}`,
    );
  if (v.ownWriters) lines.push(`(${v.ownWriters} writers of the bucket owner's own account not shown)`);
  if (v.logs?.otherWrites)
    lines.push(
      `(the logs name more writers than are kept: ${v.logs.otherWrites} writes by lighter writers than the 200 heaviest not shown)`,
    );
  const refuse = v.guardrails.bucketPolicy.wouldRefuse;
  lines.push(
    `guardrail (ownerscope writers show --writer N): the bucket policy statement would have refused ${refuse.writes} writes ` +
      `the logs show without the ACL, from ${refuse.writers.length} writers (and ${refuse.unseen} writes of theirs ` +
      `whose ACL the logs do not show)`,
  );
  return `${lines.join("\n")}\n`;
}

function showText(v: BucketWriters, w: WriterView): string {
  const fix = w.fix;
  const g = v.guardrails.bucketPolicy;
  return [
    `writer ${w.index}: ${w.principal}${w.session ? ` [${w.session}]` : ""}${w.accountName ? ` (${w.accountName})` : ""}`,
    `tool: ${toolOf(w)}`,
    `${countsOf(w)}, ${w.bytes} bytes, ${w.firstWrite} to ${w.lastWrite}`,
    `prefixes: ${Object.entries(w.prefixes)
      .map(([p, n]) => `${p || "(top)"} ${n}`)
      .join(", ")}`,
    "",
    "the fix at the source:",
    fix
      ? `  ${fix.where}:\n    ${fix.example}\n  documented at ${fix.source}`
      : "  its tool is not known: every write must send the header x-amz-acl: bucket-owner-full-control",
    "",
    "a message for its team:",
    ...w.message.split("\n").map((l) => `  ${l}`),
    "",
    g.ownerExempt
      ? "the guardrail (refuses writes without the ACL from any account but the owner's):"
      : "the guardrail (refuses every write without the ACL: the owner's own writers must send it too; " +
        "give --owner-account to exempt them). It breaks each writer above until it changes:",
    g.command ?? `  ${g.unmerged}\n${g.statement}`,
    "",
    "for the organization (an SCP: no bucket may turn ACLs back on):",
    v.guardrails.organization.policy,
  ].join("\n");
}

export async function writersCommand(
  db: Db,
  action: string | undefined,
  values: Record<string, unknown>,
  out: Out,
) {
  const flags = writersFlagsSchema.parse({ ...values, action, writer: values.writer });
  const view = await writersHere(db, {
    bucket: flags.bucket,
    read: partialTargetOf(flags),
    logsProfile: flags["logs-profile"],
    accessLogs: flags["access-logs"],
    cloudTrail: flags.cloudtrail,
    metadataJournal: flags["metadata-journal"],
    since: flags.since,
    ownerAccountId: flags["owner-account"],
    principals: Object.fromEntries(
      (flags.principal ?? []).map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]),
    ),
    actor: `cli:${os.userInfo().username}`,
  });
  const writing = view.writers.some((w) => w.verdict === "without-acl") ? 3 : 0;
  if (flags.action === "list") {
    await write(
      out,
      flags.format === "json" ? `${JSON.stringify(view, null, 1)}\n` : safeLines(listText(view)),
    );
    return writing;
  }
  if (flags.writer === undefined)
    throw new UsageError("writers show needs --writer N (as writers list numbers them)");
  const w = view.writers.find((x) => x.index === flags.writer);
  if (!w)
    throw new UsageError(
      `there is no writer ${flags.writer}: ownerscope writers list numbers them 1 to ${view.writers.length}`,
    );
  await write(
    out,
    flags.format === "json"
      ? `${JSON.stringify({ writer: w, guardrails: view.guardrails }, null, 1)}\n`
      : safeLines(`${showText(view, w)}\n`),
  );
  return w.verdict === "without-acl" ? 3 : 0;
}
