"use client";

import { useSyncExternalStore } from "react";
import { formatLocal, formatTimestamp, relativeAge } from "@/lib/format";

// One clock for every <Time> on the page: relative ages move on together, every 30 seconds.
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;
const subscribe = (onTick: () => void) => {
  // A new reader reads the time as of now (React reads the snapshot again after subscribing).
  now = Date.now();
  listeners.add(onTick);
  timer ??= setInterval(() => {
    now = Date.now();
    listeners.forEach((l) => l());
  }, 30_000);
  return () => {
    listeners.delete(onTick);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
};

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
  // 0 on the server and while hydrating (the server snapshot); the reader's clock after.
  const clock = useSyncExternalStore(
    subscribe,
    () => now,
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
