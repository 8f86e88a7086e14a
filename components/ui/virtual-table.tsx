"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { Fragment, useEffect, useRef, type HTMLAttributes, type KeyboardEvent, type ReactNode } from "react";

export type VirtualColumn<T> = {
  id: string;
  header: ReactNode;
  /** A fixed width (CSS length) keeps columns still while rows scroll past; omit it for the one flexible column. */
  width?: string;
  headerClassName?: string;
  hidden?: boolean;
  /** The row's cell: a <td>. */
  cell: (row: T, index: number) => ReactNode;
};

type Props<T> = {
  label: string;
  rows: readonly T[];
  columns: VirtualColumn<T>[];
  rowKey: (row: T) => string;
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;
  rowHeight?: number;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  activeIndex: number;
  onActiveIndexChange: (index: number) => void;
  /** Enter on the active row, or a click on any row. */
  onActivate?: (row: T) => void;
  /** Space on the active row. */
  onToggle?: (row: T) => void;
};

/**
 * A table that renders only the rows in view (TanStack Virtual), asks for the next page as the end comes into view,
 * and moves an active row with the keyboard: arrows, Page Up/Down, Home/End; Enter opens, Space selects.
 */
export function VirtualTable<T>({
  label,
  rows,
  columns,
  rowKey,
  rowProps,
  rowHeight = 44,
  hasMore,
  loadingMore,
  loadMore,
  activeIndex,
  onActiveIndexChange,
  onActivate,
  onToggle,
}: Props<T>) {
  const shown = columns.filter((c) => !c.hidden);
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 20) loadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, loadMore]);

  const move = (to: number) => {
    const index = Math.max(0, Math.min(rows.length - 1, to));
    onActiveIndexChange(index);
    virtualizer.scrollToIndex(index, { align: "auto" });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || rows.length === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 1);
    const active = rows[activeIndex];
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(activeIndex + 1),
      ArrowUp: () => move(activeIndex - 1),
      PageDown: () => move(activeIndex + page),
      PageUp: () => move(activeIndex - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => active !== undefined && onActivate?.(active),
      " ": () => active !== undefined && onToggle?.(active),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  return (
    <div
      ref={scrollRef}
      tabIndex={0}
      role="region"
      aria-label={`${label} (arrow keys move, Enter opens, Space selects)`}
      onKeyDown={onKeyDown}
      // The active row shows only while the table has focus, like a cursor.
      className="h-[calc(100vh-12rem)] min-h-80 overflow-auto rounded-lg border border-slate-200 bg-white focus:outline-none [&:focus_tr[data-active]]:outline-2 [&:focus_tr[data-active]]:-outline-offset-2 [&:focus_tr[data-active]]:outline-sky-500"
    >
      <table className="w-full table-fixed text-left text-sm" aria-rowcount={rows.length + 1}>
        <colgroup>
          {shown.map((c) => (
            <col key={c.id} style={c.width ? { width: c.width } : undefined} />
          ))}
        </colgroup>
        <thead className="sticky top-0 z-10 bg-slate-50 text-xs tracking-wide text-slate-500 uppercase shadow-[0_1px_0_var(--color-slate-200)]">
          <tr>
            {shown.map((c) => (
              <th key={c.id} scope="col" className={`px-3 py-2 ${c.headerClassName ?? ""}`}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {before > 0 && <tr aria-hidden="true" style={{ height: before }} />}
          {items.map((item) => {
            const row = rows[item.index];
            if (row === undefined) {
              return (
                <tr key="loading" style={{ height: rowHeight }}>
                  <td colSpan={shown.length} className="px-3 text-slate-400">
                    Loading more…
                  </td>
                </tr>
              );
            }
            const extra = rowProps?.(row) ?? {};
            const active = item.index === activeIndex;
            return (
              <tr
                key={rowKey(row)}
                {...extra}
                aria-rowindex={item.index + 2}
                data-active={active ? "" : undefined}
                onClick={() => {
                  onActiveIndexChange(item.index);
                  onActivate?.(row);
                }}
                style={{ height: rowHeight }}
                className={extra.className}
              >
                {shown.map((c) => (
                  <Fragment key={c.id}>{c.cell(row, item.index)}</Fragment>
                ))}
              </tr>
            );
          })}
          {after > 0 && <tr aria-hidden="true" style={{ height: after }} />}
        </tbody>
      </table>
    </div>
  );
}
