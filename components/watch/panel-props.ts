import type { WatchView } from "@/lib/schemas/watch";

/** What every panel of the watch page is given. */
export type PanelProps = { connectionId: string; bucket: string; view: WatchView; canOperate: boolean };
