import "server-only";
import { openDb } from "@/lib/db";
import { dbFileIn } from "@/lib/env";

/** The store of a data directory (default: $OWNERSCOPE_DATA_DIR, else ./data), as a command line opens it. */
export const openStore = (dataDir?: string) => openDb(dbFileIn(dataDir));
