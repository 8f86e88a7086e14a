"use client";

import { useSyncExternalStore } from "react";
import { formatLocal, formatTimestamp, relativeAge } from "@/lib/format";

// One clock for every relative <Time> on the page: their ages move on together, every 30 seconds. It runs while
// one is shown; the first to appear sets it to now (later ones read the same clock, so a table of them renders once).
const listeners = new Set<() => void>();
let now = 0;
let timer: ReturnType<typeof setInterval> | null = null;
const subscribe = (onTick: () => void) => {
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, 30_000);
  }
  listeners.add(onTick);
  return () => {
    listeners.delete(onTick);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
};
const noClock = () => () => {};

/**
 * A moment as people read it: local time with its zone (and, with `relative`, how long ago), the exact UTC time on
 * hover. The server knows no reader's zone, so the first render (server and hydration alike) says UTC.
 */
export function Time({
  at,
  relative = false,
  seconds = false,
}: {
  at: string | number | null;
  relative?: boolean;
  seconds?: boolean;
}) {
  // 0 on the server and while hydrating (the server snapshot); the reader's clock after (a plain time needs no
  // clock, only to know it runs in the reader's browser).
  const clock = useSyncExternalStore(
    relative ? subscribe : noClock,
    () => (relative ? now : 1),
    () => 0,
  );
  const mounted = clock > 0;
  if (at === null) return <>—</>;
  const iso = typeof at === "number" ? new Date(at).toISOString() : at;
  const text = mounted ? formatLocal(iso, { seconds }) : `${formatTimestamp(iso, { seconds })} UTC`;
  return (
    <time dateTime={iso} title={`${iso.replace("T", " ").replace("Z", "")} UTC`}>
      {text}
      {relative && mounted && ` · ${relativeAge(iso, clock)}`}
    </time>
  );
}
