"use client";

import "client-only";

import { useEffect, useRef } from "react";

/**
 * Runs `effect` once for each new non-null `key` (a job's or scan's end state): the refresh after a long action
 * ends, however many renders and polls follow.
 */
export function useOncePer(key: string | null, effect: () => void): void {
  const done = useRef<string | null>(null);
  const latest = useRef(effect);
  useEffect(() => {
    latest.current = effect;
  });
  useEffect(() => {
    if (key === null || done.current === key) return;
    done.current = key;
    latest.current();
  }, [key]);
}
