export type Bar = {
  label: string;
  value: number;
  detail?: string;
  tone?: "foreign" | "owned" | "neutral";
  /** A colour class of its own (a status's colour), instead of the tone's. */
  colour?: string;
};

const tones = { foreign: "bg-amber-500", owned: "bg-emerald-500", neutral: "bg-sky-600" };

/** Horizontal bars scaled to the largest value: readable on screen and on paper, no script needed. */
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
    <figure className="break-inside-avoid space-y-2 rounded-lg border border-slate-200 bg-white p-4">
      <figcaption className="text-sm font-semibold">{title}</figcaption>
      {bars.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing to show.</p>
      ) : (
        <ul className="space-y-1.5" aria-label={title}>
          {bars.map((b) => (
            <li
              key={b.label}
              className="grid grid-cols-[minmax(8rem,14rem)_1fr_auto] items-center gap-2 text-xs"
            >
              <span className="truncate" title={b.label}>
                {b.label}
              </span>
              <span className="h-3 rounded bg-slate-100 print:border print:border-slate-300">
                <span
                  className={`block h-full rounded ${b.colour ?? tones[b.tone ?? "neutral"]} print:[print-color-adjust:exact]`}
                  style={{ width: `${(b.value / max) * 100}%` }}
                />
              </span>
              <span className="text-right tabular-nums" data-testid="bar-value">
                {format ? format(b.value) : b.value.toLocaleString()}
                {b.detail && <span className="ml-1 text-slate-500">{b.detail}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
