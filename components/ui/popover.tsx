"use client";

import { useEffect, useRef, type ReactNode } from "react";

/**
 * A summary that opens a panel over what lies below it (a menu, a legend): a native <details>, so it works before
 * the script loads, that also closes on a click elsewhere, on Escape, or on a choice made in it.
 */
export function Popover({
  summary,
  children,
  align = "right",
  testId,
  className = "",
  summaryClassName = "cursor-pointer",
}: {
  summary: ReactNode;
  children: ReactNode;
  align?: "left" | "right";
  testId?: string;
  className?: string;
  summaryClassName?: string;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const close = (e: Event) => {
      const details = ref.current;
      if (!details?.open) return;
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !details.contains(e.target as Node)) {
        details.open = false;
      }
    };
    document.addEventListener("pointerdown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("pointerdown", close);
      document.removeEventListener("keydown", close);
    };
  }, []);
  return (
    <details ref={ref} data-testid={testId} className={`relative ${className}`}>
      <summary className={summaryClassName}>{summary}</summary>
      {/* A choice made in it (a link, a button) closes it, as a menu does. */}
      <div
        onClick={(e) => {
          if ((e.target as Element).closest("a, button") && ref.current) ref.current.open = false;
        }}
        className={`absolute ${align === "right" ? "right-0" : "left-0"} z-20 mt-1 rounded-lg border border-slate-200 bg-white p-3 shadow-lg`}
      >
        {children}
      </div>
    </details>
  );
}
