import type { ObjectStatus } from "@/lib/audit/types";

const styles: Record<ObjectStatus, string> = {
  owned: "bg-emerald-100 text-emerald-900",
  "foreign-full-control": "bg-sky-100 text-sky-900",
  "foreign-readable": "bg-amber-100 text-amber-900",
  "foreign-locked": "bg-red-100 text-red-900",
  unknown: "bg-slate-200 text-slate-800",
};

export const statusLabels: Record<ObjectStatus, string> = {
  owned: "owned",
  "foreign-full-control": "foreign, full control",
  "foreign-readable": "foreign, readable",
  "foreign-locked": "foreign, locked",
  unknown: "unknown",
};

export function StatusBadge({ status }: { status: ObjectStatus | null }) {
  if (!status) return <span className="text-xs text-slate-500">pending</span>;
  return (
    <span
      data-status={status}
      className={`rounded px-1.5 py-0.5 text-xs font-semibold whitespace-nowrap ${styles[status]}`}
    >
      {statusLabels[status]}
    </span>
  );
}
