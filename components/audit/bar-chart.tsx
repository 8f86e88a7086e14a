import { boxClass } from "@/components/ui/panel";
export type Bar = {
  label: string;
  value: number;
  detail?: string;
  tone?: "foreign" | "owned" | "neutral";
  /** A colour of its own (a status's, as a CSS colour), instead of the tone's. */
  colour?: string;
};

const tones = {
  foreign: "var(--color-amber-500)",
  owned: "var(--color-emerald-500)",
  neutral: "var(--color-sky-600)",
};

/**
 * Horizontal bars scaled to the largest value, readable on screen and on paper with no script. Each bar is an SVG
 * shape under its label: a browser prints shapes (it drops background colours), and the bar's track keeps the card's
 * whole width however long the label is, so narrow print columns cannot squeeze it to a sliver.
 */
export function BarChart({
  title,
  bars,
  format,
}: {
  title: string;
  bars: Bar[];
  format?: (n: number) => string;
}) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <figure className={`${boxClass} break-inside-avoid space-y-2 p-4`}>
      <figcaption className="text-sm font-semibold">{title}</figcaption>
      {bars.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing to show.</p>
      ) : (
        <ul className="space-y-1.5" aria-label={title}>
          {bars.map((b) => (
            <li key={b.label} className="space-y-0.5 text-xs">
              <span className="flex items-baseline justify-between gap-3">
                <span className="min-w-0 truncate" title={b.label}>
                  {b.label}
                </span>
                <span className="shrink-0 text-right tabular-nums" data-testid="bar-value">
                  {format ? format(b.value) : b.value.toLocaleString()}
                  {b.detail && <span className="ml-1 text-slate-500">{b.detail}</span>}
                </span>
              </span>
              <svg
                aria-hidden
                data-testid="bar"
                viewBox="0 0 100 6"
                preserveAspectRatio="none"
                className="block h-2.5 w-full"
              >
                <rect width="100" height="6" rx="1" fill="#f1f5f9" stroke="#94a3b8" strokeWidth="0.3" />
                <rect
                  width={(b.value / max) * 100}
                  height="6"
                  rx="1"
                  style={{ fill: b.colour ?? tones[b.tone ?? "neutral"] }}
                />
              </svg>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
