import { Button } from "@/components/ui/button";
import type { ProblemCount } from "@/lib/fleet/view";

/** "X of Y buckets" for each problem; choosing one narrows the list to those buckets (choosing it again, back). */
export function ProblemChips({
  problems,
  total,
  current,
  onChoose,
}: {
  problems: ProblemCount[];
  total: number;
  current: string;
  onChoose: (problem: ProblemCount["problem"]) => void;
}) {
  return (
    <ul aria-label="Problems" className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-3">
      {problems.map((p) => {
        const selected = current === p.problem;
        return (
          <li key={p.problem}>
            <Button
              variant="choice"
              selected={selected}
              aria-pressed={selected}
              onClick={() => onChoose(p.problem)}
              data-testid="fleet-problem"
              data-problem={p.problem}
              className="block h-full w-full text-left"
            >
              <span className="text-lg font-semibold tabular-nums">{p.buckets}</span>
              <span className={selected ? "text-slate-200" : "text-slate-500"}> of {total} buckets</span>
              <span className="block">{p.label}</span>
            </Button>
          </li>
        );
      })}
    </ul>
  );
}
