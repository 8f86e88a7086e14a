import type { ReactNode } from "react";

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
      <h2 className="text-base font-semibold">{title}</h2>
      {children && <p className="mt-2 text-sm text-slate-600">{children}</p>}
    </div>
  );
}
