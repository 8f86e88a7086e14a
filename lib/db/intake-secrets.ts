import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db";

type Row = Record<string, unknown>;

const newSecret = () => randomBytes(24).toString("base64url");

/** A watched bucket's current intake secret, made on first use: its sender presents it in a header or the URL. */
export function bucketSecret(db: Db, connectionId: string, bucket: string): string {
  const current = db
    .prepare(
      "SELECT secret FROM watch_secrets WHERE connection_id = ? AND bucket = ? AND expires_at IS NULL ORDER BY id DESC",
    )
    .get(connectionId, bucket) as Row | undefined;
  if (current) return current.secret as string;
  const secret = newSecret();
  db.prepare("INSERT INTO watch_secrets (connection_id, bucket, secret) VALUES (?, ?, ?)").run(
    connectionId,
    bucket,
    secret,
  );
  return secret;
}

/**
 * A new secret for the bucket; the ones it replaces are still accepted for `graceHours` (so the sender can be given
 * the new one), then refused. Answers the new secret and when the old ones stop working.
 */
/** A bucket no longer watched keeps no secret: watched again, it gets a new one. */
export function forgetBucketSecrets(db: Db, connectionId: string, bucket: string): void {
  db.prepare("DELETE FROM watch_secrets WHERE connection_id = ? AND bucket = ?").run(connectionId, bucket);
}

export function rotateBucketSecret(
  db: Db,
  connectionId: string,
  bucket: string,
  graceHours: number,
  now: Date,
): { secret: string; oldExpiresAt: string } {
  const oldExpiresAt = new Date(now.getTime() + graceHours * 3_600_000).toISOString();
  const secret = newSecret();
  db.transaction(() => {
    db.prepare(
      "UPDATE watch_secrets SET expires_at = ? WHERE connection_id = ? AND bucket = ? AND (expires_at IS NULL OR expires_at > ?)",
    ).run(oldExpiresAt, connectionId, bucket, oldExpiresAt);
    db.prepare("INSERT INTO watch_secrets (connection_id, bucket, secret) VALUES (?, ?, ?)").run(
      connectionId,
      bucket,
      secret,
    );
    // Secrets long past their grace are of no use to anyone.
    db.prepare("DELETE FROM watch_secrets WHERE expires_at IS NOT NULL AND expires_at < ?").run(
      new Date(now.getTime() - 30 * 86_400_000).toISOString(),
    );
  })();
  return { secret, oldExpiresAt };
}

/**
 * The buckets whose secret (current, or old within its grace) `presented` is, compared in constant time with each;
 * empty when it is none of them. A sender is trusted for its own bucket only: several only where buckets watched
 * before secrets were per bucket still share their connection's, until it is rotated.
 */
export function bucketsOfSecret(db: Db, connectionId: string, presented: string | null, now: Date): string[] {
  if (!presented) return [];
  const given = Buffer.from(presented);
  const found: string[] = [];
  const rows = db
    .prepare(
      "SELECT bucket, secret FROM watch_secrets WHERE connection_id = ? AND (expires_at IS NULL OR expires_at > ?)",
    )
    .all(connectionId, now.toISOString()) as Row[];
  for (const r of rows) {
    const secret = Buffer.from(String(r.secret));
    if (secret.length === given.length && timingSafeEqual(secret, given)) found.push(r.bucket as string);
  }
  return found;
}
