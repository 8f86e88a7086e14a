import "server-only";
import { listInventoryConfigs } from "@/lib/aws/inventory-config";
import { readTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import {
  allowInventoryLocation,
  listInventoryLocations,
  removeInventoryLocation,
} from "@/lib/db/inventory-locations";
import { AppError } from "@/lib/errors";
import { configurationRoots, placeIn, rootOf, rootUrl, type ReportRoot } from "@/lib/inventory/locations";
import { parseS3Url } from "@/lib/inventory/manifest";
import type { Connection } from "@/lib/schemas/connection";

const rootFrom = (url: string) => rootOf(parseS3Url(url)!);

export const inventoryLocations = (db: Db, connectionId: string) => listInventoryLocations(db, connectionId);

export function allowLocation(db: Db, connectionId: string, url: string, addedBy: string) {
  const root = rootFrom(url);
  allowInventoryLocation(db, connectionId, root, addedBy);
  return listInventoryLocations(db, connectionId).find((l) => l.location === rootUrl(root))!;
}

export function forbidLocation(db: Db, connectionId: string, url: string) {
  if (!removeInventoryLocation(db, connectionId, rootFrom(url)))
    throw new AppError("not_found", `${url} is not an allowed inventory location of this connection.`);
}

/**
 * Where a report the browser names may be read from: under the destination of one of the bucket's inventory
 * configurations, or under a location an admin allowed for the connection. Anything else is refused before a byte
 * of it is read, so the server cannot be pointed at a report someone else planted.
 */
export async function placeReport(db: Db, connection: Connection, bucket: string, url: string) {
  const location = parseS3Url(url)!;
  const allowed = placeIn(location, listInventoryLocations(db, connection.id));
  if (allowed) return allowed;
  let roots: ReportRoot[] = [];
  let unread = "";
  try {
    const found = await listInventoryConfigs(readTargetOf(connection), bucket);
    if (found.supported) roots = configurationRoots(bucket, found.configs);
    else unread = ` (${found.reason})`;
  } catch (error) {
    unread = ` (its inventory configurations could not be read: ${(error as Error).message})`;
  }
  const configured = placeIn(location, roots);
  if (configured) return configured;
  throw new AppError(
    "forbidden",
    `${url} is not a location this connection reads reports from: it is under no inventory configuration's ` +
      `destination for ${bucket}${unread}, nor under a location an admin allowed in the connection's settings.`,
  );
}
