"use client";

import "client-only";

import { useSyncExternalStore } from "react";

const query = "(max-width: 767px)";

const subscribe = (onChange: () => void) => {
  const list = window.matchMedia(query);
  list.addEventListener("change", onChange);
  return () => list.removeEventListener("change", onChange);
};

/** Whether the window is phone-narrow (under 768 px); the server renders the wide layout. */
export function useNarrowScreen(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(query).matches,
    () => false,
  );
}
