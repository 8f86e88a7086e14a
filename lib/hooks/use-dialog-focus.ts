"use client";

import "client-only";

import { useEffect, useRef, type RefObject } from "react";

// The dialogs open now, the topmost last: only the topmost answers the keyboard (a fix plan opened from the object
// drawer sits over it; Escape closes the plan alone, Tab stays in the plan).
const openDialogs: HTMLElement[] = [];

const focusable =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A dialog's keyboard contract: focus moves into it when it opens, Tab and Shift+Tab stay inside it, Escape closes
 * it, and focus goes back to what had it before (the row or button that opened it). A dialog opened from another
 * one takes the keyboard until it closes.
 */
export function useDialogFocus(ref: RefObject<HTMLElement | null>, onClose: () => void): void {
  // The latest onClose without re-running the effect (and so without moving focus) when the caller re-renders.
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const inside = () =>
      [...dialog.querySelectorAll<HTMLElement>(focusable)].filter((e) => e.offsetParent !== null);
    openDialogs.push(dialog);
    (inside()[0] ?? dialog).focus();
    const onKey = (e: KeyboardEvent) => {
      if (openDialogs.at(-1) !== dialog) return;
      if (e.key === "Escape") {
        e.preventDefault();
        close.current();
        return;
      }
      if (e.key !== "Tab") return;
      const items = inside();
      if (items.length === 0) return e.preventDefault();
      const first = items[0]!;
      const last = items[items.length - 1]!;
      const active = document.activeElement;
      if (e.shiftKey && (active === first || !dialog.contains(active))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (active === last || !dialog.contains(active))) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      openDialogs.splice(openDialogs.indexOf(dialog), 1);
      if (opener?.isConnected) opener.focus();
    };
  }, [ref]);
}
