import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  OWNERSCOPE_DATA_DIR: z.string().min(1).optional(),
  OWNERSCOPE_DB_FILE: z.string().min(1).default("ownerscope.db"),
  // Standard AWS variables Ownerscope itself consults (the SDK reads the rest on its own).
  AWS_REGION: z.string().min(1).optional(),
  AWS_DEFAULT_REGION: z.string().min(1).optional(),
  AWS_PROFILE: z.string().min(1).optional(),
  // First run only: lets POST /api/auth/bootstrap create the first admin. At least 16 characters.
  OWNERSCOPE_BOOTSTRAP_TOKEN: z.string().min(16).optional(),
});

export type Env = {
  dataDir: string;
  dbFile: string;
  awsRegion: string | null;
  awsProfile: string | null;
  bootstrapToken: string | null;
};

let cached: Env | undefined;

/** Typed environment; the only place that reads process.env for Ownerscope's own settings. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`);
  }
  const dataDir = path.resolve(
    /* turbopackIgnore: true */ parsed.data.OWNERSCOPE_DATA_DIR ?? path.join(process.cwd(), "data"),
  );
  cached = {
    dataDir,
    dbFile: path.join(/* turbopackIgnore: true */ dataDir, parsed.data.OWNERSCOPE_DB_FILE),
    awsRegion: parsed.data.AWS_REGION ?? parsed.data.AWS_DEFAULT_REGION ?? null,
    awsProfile: parsed.data.AWS_PROFILE ?? null,
    bootstrapToken: parsed.data.OWNERSCOPE_BOOTSTRAP_TOKEN ?? null,
  };
  return cached;
}
