import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Popover } from "@/components/ui/popover";
import { statusText } from "@/lib/audit/status-text";
import type { ObjectStatus } from "@/lib/audit/types";

const tones: Record<ObjectStatus, BadgeTone> = {
  owned: "success",
  "foreign-full-control": "info",
  "foreign-readable": "warning",
  "foreign-locked": "danger",
  unknown: "neutral",
};

/** Each status's one colour, solid: chart bars and the dots of the status chips (the badge is its light tint). */
export const statusColour: Record<ObjectStatus, string> = {
  owned: "bg-emerald-500",
  "foreign-full-control": "bg-sky-500",
  "foreign-readable": "bg-amber-500",
  "foreign-locked": "bg-red-500",
  unknown: "bg-slate-400",
};

/** The same colours as CSS values, for shapes (the report's charts draw in SVG, which prints). */
export const statusFill: Record<ObjectStatus, string> = {
  owned: "var(--color-emerald-500)",
  "foreign-full-control": "var(--color-sky-500)",
  "foreign-readable": "var(--color-amber-500)",
  "foreign-locked": "var(--color-red-500)",
  unknown: "var(--color-slate-400)",
};

export const statusLabels = Object.fromEntries(
  Object.entries(statusText).map(([status, text]) => [status, text.label]),
) as Record<ObjectStatus, string>;

/** A status's risk and remedy in one tooltip. */
export const statusHint = (status: ObjectStatus) => `${statusText[status].risk} ${statusText[status].remedy}`;

export function StatusBadge({ status }: { status: ObjectStatus | null }) {
  if (!status) return <span className="text-xs text-slate-500">pending</span>;
  return (
    <Badge tone={tones[status]} title={statusHint(status)} data-status={status}>
      {statusLabels[status]}
    </Badge>
  );
}

/** Every status with its risk and remedy: the legend beside the counts. */
export function StatusLegend() {
  return (
    // Opens over the page below it, so the one-line scan summary stays one line.
    <Popover
      testId="status-legend"
      className="text-xs text-slate-600"
      summaryClassName="cursor-pointer font-medium"
      summary="What the statuses mean"
    >
      <dl className="grid w-[min(34rem,calc(100vw-3.5rem))] gap-x-3 gap-y-1.5 sm:grid-cols-[auto_1fr]">
        {(Object.keys(statusText) as ObjectStatus[]).map((s) => (
          <div key={s} className="contents">
            <dt>
              <StatusBadge status={s} />
            </dt>
            <dd>
              {statusText[s].risk} <strong className="font-medium">{statusText[s].remedy}</strong>
            </dd>
          </div>
        ))}
      </dl>
    </Popover>
  );
}
