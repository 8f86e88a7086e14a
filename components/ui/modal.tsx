"use client";

import { useRef, type ReactNode } from "react";
import { useDialogFocus } from "@/lib/hooks/use-dialog-focus";

/**
 * A dialog over the page: a title, a Close button, and what the caller puts in it. It takes the focus and keeps it
 * (Escape closes it, focus returns to what opened it).
 */
export function Modal({
  label,
  title,
  width,
  onClose,
  children,
}: {
  /** The dialog's accessible name (tests and screen readers find it by this). */
  label: string;
  title: ReactNode;
  width: "max-w-3xl" | "max-w-4xl";
  onClose: () => void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDivElement>(null);
  useDialogFocus(dialog, onClose);
  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center overflow-y-auto bg-slate-900/40 p-2 sm:p-6">
      <div
        ref={dialog}
        tabIndex={-1}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        className={`w-full min-w-0 ${width} space-y-4 rounded-lg bg-white p-4 shadow-xl sm:p-5`}
      >
        <div className="flex items-center justify-between">
          <h2 className="text-lg font-semibold">{title}</h2>
          <button type="button" onClick={onClose} className="rounded px-2 py-1 text-sm hover:bg-slate-100">
            Close
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
