import type { BadgeTone } from "@/components/ui/badge";
import type { Severity } from "@/lib/migrate/readiness";

/** Each severity's words and colour, the same wherever a readiness item is shown. */
export const severityStyle: Record<Severity, { label: string; tone: BadgeTone }> = {
  blocks: { label: "Blocks enforcing", tone: "danger" },
  "reader-loses": { label: "A reader loses access", tone: "warning" },
  "writer-refused": { label: "A writer will be refused", tone: "caution" },
  info: { label: "Informational", tone: "neutral" },
};
