"use client";

import { useWindowVirtualizer } from "@tanstack/react-virtual";
import {
  Fragment,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type HTMLAttributes,
  type KeyboardEvent,
  type RefObject,
  type ReactNode,
} from "react";
import { useNarrowScreen } from "@/lib/hooks/use-narrow-screen";

export type VirtualColumn<T> = {
  id: string;
  header: ReactNode;
  /** A fixed width (CSS length) keeps columns still while rows scroll past; omit it for the one flexible column. */
  width?: string;
  headerClassName?: string;
  hidden?: boolean;
  /** Left out on a phone-narrow screen, where the key needs the room. */
  wideOnly?: boolean;
  /** Shown only on a phone-narrow screen (a card that stands for the wide columns). */
  narrowOnly?: boolean;
  /** The width on a phone-narrow screen, when it differs. */
  narrowWidth?: string;
  /** The row's cell: a <td>. */
  cell: (row: T, index: number) => ReactNode;
};

type Props<T> = {
  label: string;
  /** The region's id, for a skip link to it. */
  id?: string;
  rows: readonly T[];
  columns: VirtualColumn<T>[];
  rowKey: (row: T) => string;
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;
  rowHeight?: number;
  /** The row's height on a phone-narrow screen, when it differs (a card is taller than a line). */
  narrowRowHeight?: number;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  activeIndex: number;
  onActiveIndexChange: (index: number) => void;
  /** Enter on the active row, or a click on any row. */
  onActivate?: (row: T) => void;
  /** Space on the active row. */
  onToggle?: (row: T) => void;
  /** How far below the window's top the header sticks (a sticky toolbar above it), in pixels. */
  stickyTop?: number;
};

/**
 * A table that renders only the rows in view (TanStack Virtual), asks for the next page as the end comes into view,
 * and moves an active row with the keyboard: arrows, Page Up/Down, Home/End; Enter opens, Space selects. It scrolls
 * with the page (one scroll container, not a box inside it), its header sticking under `stickyTop`.
 */
export function VirtualTable<T>({
  label,
  id,
  rows,
  columns,
  rowKey,
  rowProps,
  rowHeight: wideRowHeight = 44,
  narrowRowHeight,
  hasMore,
  loadingMore,
  loadMore,
  activeIndex,
  onActiveIndexChange,
  onActivate,
  onToggle,
  stickyTop = 0,
}: Props<T>) {
  const narrow = useNarrowScreen();
  const shown = columns.filter((c) => !c.hidden && (narrow ? !c.wideOnly : !c.narrowOnly));
  const rowHeight = (narrow ? narrowRowHeight : undefined) ?? wideRowHeight;
  const tableRef = useRef<HTMLDivElement>(null);
  const scrollMargin = useTopInPage(tableRef);
  const virtualizer = useWindowVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    estimateSize: () => rowHeight,
    overscan: 20,
    scrollMargin,
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
    const page = Math.max(1, Math.floor((window.innerHeight - stickyTop) / rowHeight) - 2);
    const action = keyActions(rows, activeIndex, page, { move, onActivate, onToggle })[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  // Item positions count from the top of the page; the spacer rows count from the top of the table.
  const before = (items[0]?.start ?? scrollMargin) - scrollMargin;
  const after = virtualizer.getTotalSize() - ((items[items.length - 1]?.end ?? scrollMargin) - scrollMargin);
  return (
    <div
      ref={tableRef}
      id={id}
      tabIndex={0}
      role="region"
      aria-label={`${label} (arrow keys move, Enter opens, Space selects)`}
      onKeyDown={onKeyDown}
      // The active row shows only while the table has focus, like a cursor.
      className="rounded-lg border border-slate-200 bg-white focus:outline-none [&:focus_tr[data-active]]:outline-2 [&:focus_tr[data-active]]:-outline-offset-2 [&:focus_tr[data-active]]:outline-sky-500"
    >
      <table className="w-full table-fixed text-left text-sm" aria-rowcount={rows.length + 1}>
        <HeadRow columns={shown} narrow={narrow} stickyTop={stickyTop} />
        <tbody className="divide-y divide-slate-100">
          {before > 0 && <tr aria-hidden="true" style={{ height: before }} />}
          {items.map((item) => {
            const row = rows[item.index];
            if (row === undefined) {
              return (
                <tr key="loading" style={{ height: rowHeight }}>
                  <td colSpan={shown.length} className="px-3 text-slate-500">
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

/**
 * Where the table starts in the page, kept current: what sits above it (filters, panels) can grow or shrink at any
 * render, and a sibling above that changes size (a panel loading) moves the table without rendering it.
 */
function useTopInPage(tableRef: RefObject<HTMLDivElement | null>) {
  const [top, setTop] = useState(0);
  const measure = useCallback(() => {
    const now = (tableRef.current?.getBoundingClientRect().top ?? 0) + window.scrollY;
    setTop((was) => (Math.abs(now - was) >= 1 ? now : was));
  }, [tableRef]);
  useLayoutEffect(measure);
  useEffect(() => {
    const observer = new ResizeObserver(() => measure());
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [measure]);
  return top;
}

/** What each key does to the active row: move it (by one, a page, to either end), open it, select it. */
function keyActions<T>(
  rows: readonly T[],
  activeIndex: number,
  page: number,
  on: { move: (to: number) => void; onActivate?: (row: T) => void; onToggle?: (row: T) => void },
): Record<string, () => void> {
  const { move } = on;
  const active = rows[activeIndex];
  return {
    ArrowDown: () => move(activeIndex + 1),
    ArrowUp: () => move(activeIndex - 1),
    PageDown: () => move(activeIndex + page),
    PageUp: () => move(activeIndex - page),
    Home: () => move(0),
    End: () => move(rows.length - 1),
    Enter: () => active !== undefined && on.onActivate?.(active),
    " ": () => active !== undefined && on.onToggle?.(active),
  };
}

/** The columns' widths and the header row, which sticks under what sits above the table. */
function HeadRow<T>({
  columns: shown,
  narrow,
  stickyTop,
}: {
  columns: VirtualColumn<T>[];
  narrow: boolean;
  stickyTop: number;
}) {
  return (
    <>
      <colgroup>
        {shown.map((c) => {
          const width = (narrow ? c.narrowWidth : undefined) ?? c.width;
          return <col key={c.id} style={width ? { width } : undefined} />;
        })}
      </colgroup>
      <thead
        style={{ top: stickyTop }}
        className="sticky z-[5] bg-slate-50 text-xs tracking-wide text-slate-500 uppercase shadow-[0_1px_0_var(--color-slate-200)]"
      >
        <tr>
          {shown.map((c) => (
            <th key={c.id} scope="col" className={`px-3 py-2 ${c.headerClassName ?? ""}`}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
    </>
  );
}
