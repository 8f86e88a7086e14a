import { panelClass } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import type { WatchGap } from "@/lib/schemas/watch";

const stateWords: Record<WatchGap["state"], string> = {
  open: "waiting for its catch-up",
  "catching-up": "a catch-up scan is reading the bucket",
  closed: "closed",
};

/**
 * The times the intake could not have heard this bucket's events (the server down, the queue unreadable, events
 * refused), and how each was closed: a catch-up scan added what arrived meanwhile to the live record.
 */
export function GapsPanel({ gaps }: { gaps: WatchGap[] }) {
  if (gaps.length === 0) return null;
  return (
    <section aria-labelledby="gaps-heading" className={panelClass}>
      <h2 id="gaps-heading" className="text-lg font-semibold">
        Gaps in watching
      </h2>
      <ul className="space-y-1 text-sm">
        {gaps.map((g) => (
          <li key={g.id} data-testid="watch-gap">
            <Time at={g.startedAt} /> to {g.endedAt ? <Time at={g.endedAt} /> : "now"}: {g.cause}.{" "}
            <span className={g.state === "closed" ? "text-emerald-800" : "text-amber-800"}>
              {g.state === "closed"
                ? `Closed by scan #${g.scanId ?? "?"}: ${g.found ?? 0} foreign key${g.found === 1 ? "" : "s"} added to the live record.`
                : `${stateWords[g.state]}${g.note ? ` (${g.note})` : ""}.`}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
