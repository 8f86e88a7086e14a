import { cutText } from "@/lib/keys";
import type { WriterRecord } from "@/lib/schemas/writers";
import { identify, toolById } from "@/lib/writers/catalogue";

// The writers an alert names for an account that left objects the bucket owner cannot use: those the bucket's logs
// attribute to that account (with their tool), and the principals its events named (a managed service known by its
// session name). Each with its tool's setting, so the alert says what to change, not only who.

export type AlertWriter = { who: string; tool: string | null; fix: string | null };

const MAX = 3;

/** An S3 event's principal ("AWS:AROA…:SESSION", an account ID, a gateway's user): its session, if it has one. */
/** The session name in an event's principal ("AWS:AROAEXAMPLE:AWSFirehoseToS3"), or null. */
export const sessionOf = (principal: string) => /^AWS:[A-Z0-9]+:(.{1,64})$/.exec(principal)?.[1] ?? null;

/** The tool an event's principal names by its session (a managed service's own), or null. */
export const toolOfEventWriter = (principal: string) =>
  identify({ userAgent: null, session: sessionOf(principal), invokedBy: null })?.tool.name ?? null;

export function alertWriters(
  eventWriters: readonly string[],
  records: readonly WriterRecord[],
): AlertWriter[] {
  const out: AlertWriter[] = [];
  for (const r of records) {
    const tool = r.toolId ? toolById.get(r.toolId) : undefined;
    out.push({
      who: cutText(r.session ? `${r.principal} (session ${r.session})` : r.principal, 300),
      tool: tool
        ? `${tool.name}${r.toolVersion ? ` ${r.toolVersion}` : ""}`
        : r.userAgent && cutText(r.userAgent, 120),
      fix: tool?.fix.example ?? null,
    });
    if (out.length === MAX) return out;
  }
  for (const principal of eventWriters) {
    if (out.some((w) => w.who === principal)) continue;
    const found = identify({ userAgent: null, session: sessionOf(principal), invokedBy: null });
    out.push({
      who: cutText(principal, 300),
      tool: found?.tool.name ?? null,
      fix: found?.tool.fix.example ?? null,
    });
    if (out.length === MAX) break;
  }
  return out;
}

/** "its writers: X via Tool (fix: …); Y" — for an alert's line. */
export const describeWriters = (writers: readonly AlertWriter[]) =>
  writers
    .map((w) => `${w.who}${w.tool ? ` via ${w.tool}` : ""}${w.fix ? ` (fix at the source: ${w.fix})` : ""}`)
    .join("; ");

// Characters that move, hide or rewrite text (controls, escape sequences, line and paragraph separators, direction
// marks and overrides): a writer chooses its own User-Agent and session name, so they are shown as \u{…}.
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** What a log said, safe to print to a terminal or show on a page: nothing in it can move or hide other text. */
export const printable = (text: string) =>
  text.replace(HIDDEN, (c) => `\\u{${c.codePointAt(0)!.toString(16).padStart(4, "0")}}`);
