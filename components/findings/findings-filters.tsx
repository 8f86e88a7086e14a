"use client";

import { useState, type ReactNode } from "react";
import { statusLabels } from "@/components/scans/status-badge";
import { Button } from "@/components/ui/button";
import { Check, Input, Select } from "@/components/ui/field";
import { boxClass } from "@/components/ui/panel";
import { objectStatuses } from "@/lib/audit/types";
import { formatBytes, parseSize } from "@/lib/format";
import type { OwnerCountDto } from "@/lib/schemas/scan";

type Set = (patch: Record<string, string | null>, debounceMs?: number) => void;

/** A size bound typed freely ("10 MB"); applied on Enter or when the field loses focus. */
function SizeInput({
  label,
  value,
  onApply,
}: {
  label: string;
  value?: string;
  onApply: (v: string | null) => void;
}) {
  const [text, setText] = useState(value ? formatBytes(Number(value)) : "");
  const bytes = text.trim() === "" ? null : parseSize(text);
  const invalid = text.trim() !== "" && bytes === null;
  const apply = () => !invalid && onApply(bytes === null ? null : String(bytes));
  return (
    <>
      <Input
        aria-label={label}
        invalid={invalid}
        title={invalid ? "Type a size such as 512, 10 KB or 1.5 GB" : undefined}
        placeholder={label}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => e.key === "Enter" && apply()}
        className="w-24"
      />
      {invalid && (
        <span role="alert" data-testid="size-error" className="text-xs text-red-700">
          not a size (512, 10 KB, 1.5 GB): not applied
        </span>
      )}
    </>
  );
}

const narrowing = ["status", "owner", "foreign", "public", "minSize", "maxSize", "from", "to"] as const;

/**
 * Every filter and the sort of a findings view, each in the URL: one row (search, the filters' button, the sort, how
 * many keys match), the filters themselves folded under their button until asked for or already in use.
 */
export function FindingsFilters({
  view,
  set,
  owners,
  matches,
}: {
  view: Record<string, string>;
  set: Set;
  owners: OwnerCountDto[];
  /** How many keys the view matches, in words (beside the sort). */
  matches: ReactNode;
}) {
  const [text, setText] = useState(view.q ?? "");
  const inUse = narrowing.filter((f) => view[f]).length;
  const [open, setOpen] = useState(inUse > 0);
  const clear = () => {
    setText("");
    set({ ...Object.fromEntries(narrowing.map((f) => [f, null])), q: null });
  };
  return (
    <div className="space-y-2 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <Input
          type="search"
          aria-label="Search keys"
          placeholder="Search keys…"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            set({ q: e.target.value }, 300);
          }}
          className="min-w-0 flex-1 sm:w-64 sm:flex-none"
        />
        <Button
          aria-expanded={open}
          aria-controls="findings-filters"
          onClick={() => setOpen(!open)}
          size="control"
          className={inUse > 0 ? "border-slate-900" : ""}
        >
          Filters{inUse > 0 ? ` (${inUse})` : ""} {open ? "▴" : "▾"}
        </Button>
        <SortControls view={view} set={set} />
        <span className="text-slate-600">{matches}</span>
        {(inUse > 0 || view.q) && (
          <Button onClick={clear} variant="link">
            Clear filters
          </Button>
        )}
      </div>
      {open && <FilterPanel view={view} set={set} owners={owners} />}
    </div>
  );
}

/** The order of the table: the column and the direction (the URL keeps both). */
function SortControls({ view, set }: { view: Record<string, string>; set: Set }) {
  return (
    <span className="flex items-center gap-1">
      <Select
        aria-label="Sort by"
        value={view.sort ?? "risk"}
        onChange={(e) => set({ sort: e.target.value === "risk" ? null : e.target.value, dir: null })}
      >
        <option value="risk">Foreign first</option>
        <option value="key">Key</option>
        <option value="size">Size</option>
        <option value="modified">Last modified</option>
      </Select>
      <Button
        aria-label={
          view.dir === "desc" ? "Descending: switch to ascending" : "Ascending: switch to descending"
        }
        onClick={() => set({ dir: view.dir === "desc" ? null : "desc" })}
        size="control"
      >
        {view.dir === "desc" ? "↓" : "↑"}
      </Button>
    </span>
  );
}

/** Every filter but the search: status, owner, foreign or public only, size and date ranges. */
function FilterPanel({
  view,
  set,
  owners,
}: {
  view: Record<string, string>;
  set: Set;
  owners: OwnerCountDto[];
}) {
  return (
    <div
      id="findings-filters"
      role="group"
      aria-label="Filters"
      className={`${boxClass} flex flex-wrap items-center gap-2 p-2`}
    >
      <Select
        aria-label="Status"
        value={view.status ?? ""}
        onChange={(e) => set({ status: e.target.value || null })}
      >
        <option value="">Any status</option>
        {objectStatuses.map((s) => (
          <option key={s} value={s}>
            {statusLabels[s]}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Owner account"
        value={view.owner ?? ""}
        onChange={(e) => set({ owner: e.target.value || null })}
        className="max-w-56"
      >
        <option value="">Any owner</option>
        {owners
          .filter((o) => o.ownerId)
          .map((o) => (
            <option key={o.ownerId} value={o.ownerId!}>
              {(o.name ?? o.ownerId!.slice(0, 16)) + (o.isBucketOwner ? " (bucket owner)" : "")} · {o.objects}
            </option>
          ))}
      </Select>
      <label className="flex items-center gap-1.5">
        <Check
          type="checkbox"
          checked={view.foreign === "1"}
          onChange={(e) => set({ foreign: e.target.checked ? "1" : null })}
        />
        foreign owners only
      </label>
      <label className="flex items-center gap-1.5">
        <Check
          type="checkbox"
          checked={view.public === "1"}
          onChange={(e) => set({ public: e.target.checked ? "1" : null })}
        />
        public grants only
      </label>
      <span className="flex items-center gap-1">
        <SizeInput
          key={`min${view.minSize ?? ""}`}
          label="Min size"
          value={view.minSize}
          onApply={(v) => set({ minSize: v })}
        />
        –
        <SizeInput
          key={`max${view.maxSize ?? ""}`}
          label="Max size"
          value={view.maxSize}
          onApply={(v) => set({ maxSize: v })}
        />
      </span>
      <span className="flex items-center gap-1">
        <Input
          type="date"
          aria-label="Modified from"
          value={view.from ?? ""}
          onChange={(e) => set({ from: e.target.value || null })}
        />
        –
        <Input
          type="date"
          aria-label="Modified to"
          value={view.to ?? ""}
          onChange={(e) => set({ to: e.target.value || null })}
        />
      </span>
    </div>
  );
}
