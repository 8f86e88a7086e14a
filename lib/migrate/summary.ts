import { countOf } from "@/lib/format";
import type { Readiness } from "@/lib/migrate/readiness";

/** What enforcing would do to people, counted from the readiness report. */
export function enforceImpact(readiness: Pick<Readiness, "items">) {
  const readers = readiness.items.filter((i) => i.severity === "reader-loses");
  const writers = readiness.items.filter((i) => i.severity === "writer-refused");
  return {
    blocks: readiness.items.filter((i) => i.severity === "blocks").length,
    readers: readers.length,
    writers: writers.length,
    kept: [...readers, ...writers].filter((i) => i.keptByPolicy).length,
  };
}

/**
 * The page's first sentence: "Enforcing would cut off 3 readers and refuse 1 writer; the translated policy keeps 2
 * of them." (and what blocks the switch, when something does).
 */
export function impactInWords(readiness: Pick<Readiness, "items">): string {
  const { blocks, readers, writers, kept } = enforceImpact(readiness);
  const people =
    readers + writers === 0
      ? "Enforcing would cut off no reader and refuse no writer."
      : `Enforcing would cut off ${countOf(readers, "reader")} and refuse ${countOf(writers, "writer")}; the translated policy keeps ${kept} of them.`;
  return blocks === 0 ? people : `${countOf(blocks, "setting")} must change first. ${people}`;
}
