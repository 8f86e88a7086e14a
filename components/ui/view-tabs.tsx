"use client";

import { useRef, type KeyboardEvent } from "react";

export type ViewTab = { id: string; label: string };

/**
 * Tabs whose choice lives in the URL (the caller's `tab` parameter): the first tab is the default and leaves the URL
 * clean. Arrow keys move between tabs, as the ARIA tabs pattern has it.
 */
export function ViewTabs({
  label,
  tabs,
  active,
  onSelect,
}: {
  label: string;
  tabs: ViewTab[];
  active: string;
  onSelect: (id: string) => void;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = (index + step + tabs.length) % tabs.length;
    refs.current[next]?.focus();
    onSelect(tabs[next]!.id);
  };
  return (
    // One row that scrolls sideways on a phone, rather than three rows of tabs.
    <div
      role="tablist"
      aria-label={label}
      className="flex gap-1 overflow-x-auto overflow-y-hidden border-b border-slate-200 text-sm whitespace-nowrap"
    >
      {tabs.map((t, i) => {
        const selected = t.id === active;
        return (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={selected}
            aria-controls={`panel-${t.id}`}
            tabIndex={selected ? 0 : -1}
            onClick={() => onSelect(t.id)}
            onKeyDown={(e) => onKeyDown(e, i)}
            className={`-mb-px border-b-2 px-3 py-1.5 font-medium ${selected ? "border-slate-900 text-slate-900" : "border-transparent text-slate-500 hover:text-slate-800"}`}
          >
            {t.label}
          </button>
        );
      })}
    </div>
  );
}

/** The content of the active tab, labelled by it. */
export function TabPanel({ id, children }: { id: string; children: React.ReactNode }) {
  return (
    <div role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`} className="space-y-3">
      {children}
    </div>
  );
}
