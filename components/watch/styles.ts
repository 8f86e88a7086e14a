import type { WatchView } from "@/lib/schemas/watch";

// The buttons, fields and props every watch panel shares.
export const button =
  "rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-50 disabled:opacity-50";
export const primary =
  "rounded-md bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50";
export const field = "rounded-md border border-slate-300 px-2 py-1 text-sm";
export const panel = "space-y-3 rounded-lg border border-slate-200 bg-white p-4";

/** What every panel of the watch page is given. */
export type PanelProps = { connectionId: string; bucket: string; view: WatchView; canOperate: boolean };
