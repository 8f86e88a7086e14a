import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  OWNERSCOPE_DATA_DIR: z.string().min(1).optional(),
  OWNERSCOPE_DB_FILE: z.string().min(1).default("ownerscope.db"),
});

export type Env = { dataDir: string; dbFile: string };

let cached: Env | undefined;

/** Typed environment; the only place that reads process.env for Ownerscope's own settings. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`);
  }
  const dataDir = path.resolve(parsed.data.OWNERSCOPE_DATA_DIR ?? path.join(process.cwd(), "data"));
  cached = { dataDir, dbFile: path.join(dataDir, parsed.data.OWNERSCOPE_DB_FILE) };
  return cached;
}
