import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import type { ProblemCount } from "@/lib/fleet/view";

/** "X of Y buckets" for each problem; each is a link that narrows the list to those buckets (and back). */
export function ProblemChips({
  problems,
  total,
  current,
  hrefFor,
}: {
  problems: ProblemCount[];
  total: number;
  current: string;
  hrefFor: (problem: string) => string;
}) {
  return (
    <ul aria-label="Problems" className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-3">
      {problems.map((p) => {
        const selected = current === p.problem;
        return (
          <li key={p.problem}>
            <Link
              href={hrefFor(selected ? "" : p.problem)}
              aria-current={selected ? "true" : undefined}
              data-testid="fleet-problem"
              data-problem={p.problem}
              className={buttonClass("choice", "md", "block h-full text-left", selected)}
            >
              <span className="text-lg font-semibold tabular-nums">{p.buckets}</span>
              <span className={selected ? "text-slate-200" : "text-slate-500"}> of {total} buckets</span>
              <span className="block">{p.label}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
