import type { ReactNode } from "react";

// A short word on a tint: a status, a severity, a strategy, a state. One set of tones for the whole app: the
// statuses (components/scans/status-badge.tsx) and severities name theirs from this set.
const tones = {
  neutral: "bg-slate-100 text-slate-800",
  info: "bg-sky-100 text-sky-900",
  success: "bg-emerald-100 text-emerald-900",
  warning: "bg-amber-100 text-amber-900",
  caution: "bg-orange-100 text-orange-900",
  danger: "bg-red-100 text-red-900",
} as const;

export type BadgeTone = keyof typeof tones;

export function Badge({
  tone = "neutral",
  title,
  testId,
  wrap = false,
  children,
  ...data
}: {
  tone?: BadgeTone;
  title?: string;
  testId?: string;
  /** Long words may wrap (a sentence); a status or a name stays on one line. */
  wrap?: boolean;
  children: ReactNode;
} & { [data: `data-${string}`]: string | undefined }) {
  return (
    <span
      data-testid={testId}
      title={title}
      className={`rounded px-1.5 py-0.5 text-xs font-semibold ${wrap ? "" : "whitespace-nowrap"} ${tones[tone]}`}
      {...data}
    >
      {children}
    </span>
  );
}
