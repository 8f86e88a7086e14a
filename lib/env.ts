import path from "node:path";
import { z } from "zod";
import { parseRoleRules, type TrustedHeaderConfig } from "@/lib/auth/trusted-header";

const envSchema = z.object({
  OWNERSCOPE_DATA_DIR: z.string().min(1).optional(),
  OWNERSCOPE_DB_FILE: z.string().min(1).default("ownerscope.db"),
  // Standard AWS variables Ownerscope itself consults (the SDK reads the rest on its own).
  AWS_REGION: z.string().min(1).optional(),
  AWS_DEFAULT_REGION: z.string().min(1).optional(),
  AWS_PROFILE: z.string().min(1).optional(),
  // First run only: lets POST /api/auth/bootstrap create the first admin. At least 16 characters.
  OWNERSCOPE_BOOTSTRAP_TOKEN: z.string().min(16).optional(),
  // Trusted-header mode behind an SSO proxy: all three together, or none.
  OWNERSCOPE_TRUSTED_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/)
    .optional(),
  OWNERSCOPE_TRUSTED_PROXY: z.string().min(2).optional(),
  OWNERSCOPE_TRUSTED_ROLES: z.string().min(3).optional(),
  // Set by scripts/server.mjs at start, never by hand: it signs the peer address it passes on.
  OWNERSCOPE_PEER_SECRET: z.string().min(32).optional(),
  // "1" when browsers reach Ownerscope over HTTPS (through a TLS proxy): session cookies are then __Host- and Secure.
  // Only this setting decides; a client's X-Forwarded-Proto never does.
  OWNERSCOPE_HTTPS: z.enum(["0", "1"]).optional(),
});

export type Env = {
  dataDir: string;
  dbFile: string;
  awsRegion: string | null;
  awsProfile: string | null;
  bootstrapToken: string | null;
  https: boolean;
  trusted: TrustedHeaderConfig | null;
  peerSecret: string | null;
};

let cached: Env | undefined;

function trustedConfig(e: z.infer<typeof envSchema>): TrustedHeaderConfig | null {
  const set = [e.OWNERSCOPE_TRUSTED_HEADER, e.OWNERSCOPE_TRUSTED_PROXY, e.OWNERSCOPE_TRUSTED_ROLES].filter(
    Boolean,
  ).length;
  if (set === 0) return null;
  if (set < 3) {
    throw new Error(
      "Trusted-header mode needs OWNERSCOPE_TRUSTED_HEADER, OWNERSCOPE_TRUSTED_PROXY and OWNERSCOPE_TRUSTED_ROLES together",
    );
  }
  return {
    header: e.OWNERSCOPE_TRUSTED_HEADER!.toLowerCase(),
    proxyAddress: e.OWNERSCOPE_TRUSTED_PROXY!,
    rules: parseRoleRules(e.OWNERSCOPE_TRUSTED_ROLES!),
  };
}

/**
 * The database file in a data directory given on the command line (--data-dir), named as the server names it; without
 * one, the server's own file. The CLI and the server never open different databases.
 */
export function dbFileIn(dataDir: string | undefined): string {
  if (!dataDir) return getEnv().dbFile;
  return path.join(
    /* turbopackIgnore: true */ path.resolve(dataDir),
    envSchema.shape.OWNERSCOPE_DB_FILE.parse(process.env.OWNERSCOPE_DB_FILE),
  );
}

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
    trusted: trustedConfig(parsed.data),
    peerSecret: parsed.data.OWNERSCOPE_PEER_SECRET ?? null,
    https: parsed.data.OWNERSCOPE_HTTPS === "1",
  };
  return cached;
}

/**
 * Settings an admin may change while tests run in one process, read afresh each time: where the operator's browser
 * reaches Ownerscope (alert links come only from here, never from a request's Host header), and the hosts alerts
 * may reach over plain http and at non-public addresses (comma-separated `host` or `host:port`).
 */
export function liveSettings(): {
  publicUrl: string | null;
  allowedHosts: string | null;
  /** OWNERSCOPE_FIX_BY_RULE=off: no arrival is fixed by rule, whatever each bucket's switch says. */
  fixByRuleStopped: boolean;
  intake: IntakeLimits;
  evidence: { fileBytes: number; totalBytes: number; files: number; ms: number };
} {
  const publicUrl = process.env.OWNERSCOPE_PUBLIC_URL?.trim();
  return {
    publicUrl: publicUrl && URL.canParse(publicUrl) ? publicUrl.replace(/\/+$/, "") : null,
    allowedHosts: process.env.OWNERSCOPE_ALLOWED_HOSTS ?? null,
    fixByRuleStopped: process.env.OWNERSCOPE_FIX_BY_RULE === "off",
    intake: {
      eventsPerSecond: positive(process.env.OWNERSCOPE_INTAKE_EVENTS_PER_SECOND, 200),
      maxPending: positive(process.env.OWNERSCOPE_INTAKE_MAX_PENDING, 50_000),
      retentionDays: positive(process.env.OWNERSCOPE_EVENT_RETENTION_DAYS, 30),
    },
    // One reading of logs for evidence: decompressed bytes per file and in all, files, minutes.
    evidence: {
      fileBytes: positive(process.env.OWNERSCOPE_EVIDENCE_MAX_FILE_BYTES, 512 * 1024 * 1024),
      totalBytes: positive(process.env.OWNERSCOPE_EVIDENCE_MAX_BYTES, 8 * 1024 * 1024 * 1024),
      files: positive(process.env.OWNERSCOPE_EVIDENCE_MAX_FILES, 50_000),
      ms: positive(process.env.OWNERSCOPE_EVIDENCE_MAX_MINUTES, 20) * 60_000,
    },
  };
}

/**
 * What the intake takes per watched bucket: events a second (a burst of ten seconds' worth at once), events waiting
 * for their check; and how long checked events are kept.
 */
export type IntakeLimits = { eventsPerSecond: number; maxPending: number; retentionDays: number };

const positive = (value: string | undefined, otherwise: number) => {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : otherwise;
};
