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

/** "1 object", "2,500 objects": a count with its noun, plural with an s. */
export const countOf = (n: number, noun: string) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? noun : `${noun}s`}`;
