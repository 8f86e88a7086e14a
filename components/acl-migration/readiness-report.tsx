import { Badge } from "@/components/ui/badge";
import { boxClass } from "@/components/ui/panel";
import { severities, type Readiness } from "@/lib/migrate/readiness";
import { severityStyle } from "./severity";

/** The readiness report: what blocks the switch, who loses what, who will be refused; each with its remedy. */
export function ReadinessReport({ readiness }: { readiness: Readiness }) {
  const order = (s: string) => severities.indexOf(s as (typeof severities)[number]);
  const items = [...readiness.items].sort((a, b) => order(a.severity) - order(b.severity));
  return (
    <section aria-labelledby="readiness" className="space-y-3">
      <h2 id="readiness" className="text-lg font-semibold">
        Readiness
      </h2>
      <p data-testid="readiness-verdict" className="text-sm">
        {readiness.ready ? (
          <strong className="text-emerald-700">Ready: nothing blocks the switch or breaks anyone.</strong>
        ) : (
          <strong className="text-red-700">
            Not ready: {readiness.counts.blocks} blocking, {readiness.counts["reader-loses"]} losing access,{" "}
            {readiness.counts["writer-refused"]} refused.
          </strong>
        )}
      </p>
      <ul className="space-y-2">
        {items.map((item) => (
          <li
            key={item.id}
            data-testid="readiness-item"
            data-severity={item.severity}
            data-id={item.id}
            className={`${boxClass} p-3 text-sm`}
          >
            <div className="flex flex-wrap items-baseline gap-2">
              <Badge tone={severityStyle[item.severity].tone}>{severityStyle[item.severity].label}</Badge>
              <span className="font-medium break-all">{item.title}</span>
            </div>
            <p className="mt-1 text-slate-600">{item.detail}</p>
            {item.remedy && <p className="mt-1 text-slate-800">Remedy: {item.remedy}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
