const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

/** Bytes in binary units with at most one decimal ("1.5 MiB"). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const sizeUnits: Record<string, number> = { "": 1, b: 1, k: 1024, kb: 1024, kib: 1024 };
for (const [i, u] of ["m", "g", "t", "p"].entries()) {
  const factor = 1024 ** (i + 2);
  sizeUnits[u] = sizeUnits[`${u}b`] = sizeUnits[`${u}ib`] = factor;
}

/** A size typed by a person ("10", "1.5 MB", "2GiB") in bytes, binary units; null when it is not a size. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return null;
  const factor = sizeUnits[m[2]!.toLowerCase()];
  return factor === undefined ? null : Math.round(Number(m[1]) * factor);
}

/**
 * A timestamp (ISO string or epoch milliseconds) as "2026-11-29 16:50" (UTC), compact enough for a table column;
 * with seconds where events follow each other closely (the audit log).
 */
export function formatTimestamp(at: string | number | null, o: { seconds?: boolean } = {}): string {
  if (at === null) return "—";
  const iso = typeof at === "number" ? new Date(at).toISOString() : at;
  return `${iso.slice(0, 10)} ${iso.slice(11, o.seconds ? 19 : 16)}`;
}

/**
 * A moment in the reader's zone (or the one given), named: "2026-12-03 13:10 GMT+1". The same shape as
 * formatTimestamp, so columns line up whichever the page shows.
 */
export function formatLocal(at: string, o: { seconds?: boolean; timeZone?: string } = {}): string {
  // A table scrolling past formats the same few moments again and again: kept, up to a bound.
  const key = `${at}|${o.timeZone ?? ""}|${o.seconds ?? false}`;
  const known = formatted.get(key);
  if (known !== undefined) return known;
  if (formatted.size >= 10_000) formatted.clear();
  const text = formatParts(at, o);
  formatted.set(key, text);
  return text;
}

const formatted = new Map<string, string>();

function formatParts(at: string, o: { seconds?: boolean; timeZone?: string }): string {
  const parts = Object.fromEntries(
    localFormat(o.timeZone, o.seconds ?? false)
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const time = `${parts.hour}:${parts.minute}${o.seconds ? `:${parts.second}` : ""}`;
  return `${parts.year}-${parts.month}-${parts.day} ${time} ${parts.timeZoneName}`;
}

// A formatter costs far more to make than to use, and a table scrolling past makes one per cell otherwise.
const formats = new Map<string, Intl.DateTimeFormat>();
function localFormat(timeZone: string | undefined, seconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone ?? ""}|${seconds}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: seconds ? "2-digit" : undefined,
      hourCycle: "h23",
      timeZoneName: "short",
    });
    formats.set(key, format);
  }
  return format;
}

/** How long ago (or how far ahead) a moment is, as people say it: "just now", "5 min ago", "3 h ago", "in 2 days". */
export function relativeAge(at: string, now: number): string {
  const seconds = Math.round((now - Date.parse(at)) / 1000);
  const span = Math.abs(seconds);
  if (span < 45) return "just now";
  const days = Math.round(span / 86_400);
  const text =
    span < 3_570
      ? `${Math.max(1, Math.round(span / 60))} min`
      : span < 84_600
        ? `${Math.round(span / 3_600)} h`
        : `${days} ${days === 1 ? "day" : "days"}`;
  return seconds < 0 ? `in ${text}` : `${text} ago`;
}

/** "1 object", "2,500 objects": a count with its noun, plural with an s (or as given: "key matches", "keys match"). */
export const countOf = (n: number, noun: string, plural = `${noun}s`) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? noun : plural}`;

/** A span of time as a clock reads it: "42 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const two = (n: number) => String(n).padStart(2, "0");
  if (s < 60) return `${s} s`;
  if (s < 3_600) return `${Math.floor(s / 60)} min ${two(s % 60)} s`;
  return `${Math.floor(s / 3_600)} h ${two(Math.floor((s % 3_600) / 60))} min`;
}

/** A value as one word of a POSIX shell command, whatever it holds (single quotes, with ' written as '\\''). */
export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
