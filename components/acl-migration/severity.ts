import type { Severity } from "@/lib/migrate/readiness";

/** Each severity's words and colour, the same wherever a readiness item is shown. */
export const severityStyle: Record<Severity, { label: string; badge: string }> = {
  blocks: { label: "Blocks enforcing", badge: "bg-red-100 text-red-800" },
  "reader-loses": { label: "A reader loses access", badge: "bg-amber-100 text-amber-900" },
  "writer-refused": { label: "A writer will be refused", badge: "bg-orange-100 text-orange-900" },
  info: { label: "Informational", badge: "bg-slate-100 text-slate-700" },
};
