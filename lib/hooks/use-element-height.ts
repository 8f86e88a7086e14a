"use client";

import "client-only";

import { useCallback, useState } from "react";

/** An element's height as it changes (a ResizeObserver): a callback ref to put on it, and the height in pixels. */
export function useElementHeight(): [(element: HTMLElement | null) => void, number] {
  const [height, setHeight] = useState(0);
  const ref = useCallback((element: HTMLElement | null) => {
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setHeight(entry.target.getBoundingClientRect().height);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, height];
}
