import { liveSettings } from "@/lib/env";

/**
 * A link in an alert: on the public address an admin configured (OWNERSCOPE_PUBLIC_URL), never one taken from a
 * request (its Host header is the requester's to choose). Without one, the path alone, which the reader completes.
 */
export function alertLink(path: string): string {
  return `${liveSettings().publicUrl ?? ""}${path}`;
}
