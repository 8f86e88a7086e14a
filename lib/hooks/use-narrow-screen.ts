"use client";

import "client-only";

import { useSyncExternalStore } from "react";

// One query list for the page: the table asks on every render while it scrolls.
let list: MediaQueryList | null = null;
const narrowQuery = () => (list ??= window.matchMedia("(max-width: 767px)"));

const subscribe = (onChange: () => void) => {
  narrowQuery().addEventListener("change", onChange);
  return () => narrowQuery().removeEventListener("change", onChange);
};

/** Whether the window is phone-narrow (under 768 px); the server renders the wide layout. */
export function useNarrowScreen(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => narrowQuery().matches,
    () => false,
  );
}
