"use client";

import { useState } from "react";
import { AccessCell, FindingOwner, KeyCell, SizeCell, StatusCell } from "@/components/scans/finding-cells";
import { StatusBadge } from "@/components/scans/status-badge";
import { Button } from "@/components/ui/button";
import { Check } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { VirtualTable, type VirtualColumn } from "@/components/ui/virtual-table";
import type { FixItemState } from "@/lib/schemas/fix";
import type { FindingDto } from "@/lib/schemas/scan";

export type Selected = { key: string; versionId: string | null };
export const rowId = (key: string, versionId: string | null) => `${key}\u0000${versionId ?? ""}`;

type Props = {
  rows: FindingDto[];
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  /** null when the user cannot fix here: no selection column. */
  selected: Map<string, Selected> | null;
  onSelectedChange: (next: Map<string, Selected>) => void;
  onOpen?: (f: FindingDto) => void;
  onFix: ((f: FindingDto) => void) | null;
  onOwner?: (ownerId: string) => void;
  /** The rows' test id: shared views mark theirs apart. */
  rowTestId?: string;
  /** The view's sort: a click on a sortable column's header sorts by it, a second click turns the direction. */
  sort?: { by: SortBy; dir: "asc" | "desc"; onSort: (by: SortBy) => void };
  /** How far below the window's top the header sticks. */
  stickyTop?: number;
  /** The fix job on screen and where each of its objects stands, by row id: the rows say so. */
  inJob?: { jobId: number; states: ReadonlyMap<string, FixItemState> };
};

type SortBy = "risk" | "key" | "size" | "modified";

function SortHeader({ by, label, sort }: { by: SortBy; label: string; sort: Props["sort"] }) {
  if (!sort) return <>{label}</>;
  const active = sort.by === by;
  return (
    <Button
      data-testid={`sort-${by}`}
      aria-label={`${label}: ${active ? `sorted ${sort.dir === "asc" ? "ascending" : "descending"}, click to reverse` : "click to sort"}`}
      onClick={() => sort.onSort(by)}
      variant="plain"
      className={`uppercase hover:text-slate-900 ${active ? "text-slate-900" : ""}`}
    >
      {label}
      {active && <span aria-hidden="true">{sort.dir === "asc" ? " ↑" : " ↓"}</span>}
    </Button>
  );
}

/** A row's Fix: the plan for that key alone (the click does not also open the row's drawer). */
function RowFix({
  f,
  onFix,
  large = false,
}: {
  f: FindingDto;
  onFix: (f: FindingDto) => void;
  large?: boolean;
}) {
  return (
    <Button
      onClick={(e) => {
        e.stopPropagation();
        onFix(f);
      }}
      variant="secondary"
      size={large ? "md" : "sm"}
      className="shrink-0"
    >
      Fix
    </Button>
  );
}

/** A finding on a phone: its key, its status and owner, and its one action. */
function FindingCard({ f, onFix }: { f: FindingDto; onFix: Props["onFix"] }) {
  return (
    <td className="px-3 py-1.5">
      <div className="flex items-center gap-2">
        <div className="min-w-0 flex-1 space-y-1">
          <p className="truncate font-mono text-xs" title={f.key}>
            {f.key}
          </p>
          <p className="flex min-w-0 items-center gap-2 text-xs">
            <StatusBadge status={f.now?.status ?? f.status} />
            <span className="min-w-0 truncate text-slate-600">
              {f.owner.name ?? f.owner.id?.slice(0, 16) ?? "owner unknown"}
            </span>
          </p>
        </div>
        {onFix && f.foreignNow && <RowFix f={f} onFix={onFix} large />}
      </div>
    </td>
  );
}

/** A scan's findings: virtualized rows, a checkbox per foreign key, a Fix button, the drawer on click or Enter. */
export function FindingsTable({
  rows,
  hasMore,
  loadingMore,
  loadMore,
  selected,
  onSelectedChange,
  onOpen,
  onFix,
  onOwner,
  rowTestId = "finding-row",
  sort,
  stickyTop,
  inJob,
}: Props) {
  const [active, setActive] = useState(0);
  const toggle = (f: FindingDto) => {
    if (!selected || !f.foreignNow) return;
    const next = new Map(selected);
    const id = rowId(f.key, f.versionId);
    if (next.has(id)) next.delete(id);
    else next.set(id, { key: f.key, versionId: f.versionId });
    onSelectedChange(next);
  };

  const columns = findingColumns({ selected, toggle, onFix, onOwner, sort, inJob });

  return (
    <VirtualTable
      label="Findings"
      id="findings"
      rows={rows}
      columns={columns}
      rowKey={(f) => rowId(f.key, f.versionId)}
      rowHeight={40}
      narrowRowHeight={76}
      rowProps={(f) => ({
        "data-testid": rowTestId,
        "data-key": f.key,
        "data-status": f.status ?? "pending",
        className: `${onOpen ? "cursor-pointer hover:bg-slate-50" : ""} ${f.foreign ? "bg-amber-50/60" : ""}`,
      })}
      hasMore={hasMore}
      loadingMore={loadingMore}
      loadMore={loadMore}
      activeIndex={active}
      onActiveIndexChange={setActive}
      onActivate={onOpen}
      onToggle={toggle}
      stickyTop={stickyTop}
    />
  );
}

/**
 * The table's columns: a checkbox per foreign key (when selecting), a card on a phone, then key, status (and its
 * state in an open fix job), owner (a click filters by it), access, size, date and a Fix button on a desk.
 */
function findingColumns({
  selected,
  toggle,
  onFix,
  onOwner,
  sort,
  inJob,
}: Pick<Props, "selected" | "onFix" | "onOwner" | "sort" | "inJob"> & {
  toggle: (f: FindingDto) => void;
}): VirtualColumn<FindingDto>[] {
  return [
    {
      id: "select",
      hidden: !selected,
      header: <span className="sr-only">Select</span>,
      width: "2.5rem",
      cell: (f) => (
        <td className="px-3">
          {selected && f.foreignNow && (
            <Check
              type="checkbox"
              aria-label={`Select ${f.key}`}
              checked={selected.has(rowId(f.key, f.versionId))}
              onChange={() => toggle(f)}
              onClick={(e) => e.stopPropagation()}
            />
          )}
        </td>
      ),
    },
    {
      id: "card",
      narrowOnly: true,
      header: "Finding",
      cell: (f) => <FindingCard f={f} onFix={onFix} />,
    },
    {
      id: "key",
      wideOnly: true,
      header: <SortHeader by="key" label="Key" sort={sort} />,
      cell: (f) => <KeyCell f={f} />,
    },
    {
      id: "status",
      header: "Status",
      width: "11rem",
      wideOnly: true,
      cell: (f) => {
        const state = inJob?.states.get(rowId(f.key, f.versionId));
        return <StatusCell f={f} inJob={state && inJob ? { jobId: inJob.jobId, state } : undefined} />;
      },
    },
    {
      id: "owner",
      header: "Owner",
      width: "13rem",
      wideOnly: true,
      cell: (f) => (
        <td className="truncate px-3">
          {!onOwner ? (
            <FindingOwner f={f} />
          ) : (
            <Button
              variant="plain"
              className="max-w-full truncate text-left"
              title="Show only this owner's keys"
              onClick={(e) => {
                e.stopPropagation();
                if (f.owner.id) onOwner(f.owner.id);
              }}
            >
              <FindingOwner f={f} />
            </Button>
          )}
        </td>
      ),
    },
    {
      id: "access",
      header: <span title="What the bucket owner may do with the object">Access</span>,
      width: "8rem",
      wideOnly: true,
      cell: (f) => <AccessCell f={f} />,
    },
    {
      id: "size",
      header: <SortHeader by="size" label="Size" sort={sort} />,
      width: "6rem",
      wideOnly: true,
      headerClassName: "text-right",
      cell: (f) => <SizeCell f={f} />,
    },
    {
      id: "modified",
      header: <SortHeader by="modified" label="Modified" sort={sort} />,
      width: "11rem",
      wideOnly: true,
      cell: (f) => (
        <td className="truncate px-3 text-xs whitespace-nowrap text-slate-600 tabular-nums">
          <Time at={f.lastModified} />
        </td>
      ),
    },
    {
      id: "actions",
      hidden: !onFix,
      // On a phone the drawer (a tap on the row) carries the Fix button.
      wideOnly: true,
      header: <span className="sr-only">Actions</span>,
      width: "4.5rem",
      cell: (f) => <td className="px-3">{onFix && f.foreignNow && <RowFix f={f} onFix={onFix} />}</td>,
    },
  ];
}
