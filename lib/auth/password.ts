import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

// scrypt parameters (N=2^15, r=8, p=1): about 32 MiB and tens of milliseconds per hash on these machines.
const N = 32768;
const r = 8;
const p = 1;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, n: number, rr: number, pp: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_BYTES, { N: n, r: rr, p: pp, maxmem: 128 * n * rr * 2 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** A self-describing scrypt hash with a fresh per-user salt: `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, r, p);
  return ["scrypt", N, r, p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split("$");
  if (!parts || parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, rr, pp, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, "base64url");
  const key = await derive(password, Buffer.from(salt, "base64url"), Number(n), Number(rr), Number(pp));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Passwords are at least 12 characters: length is what resists guessing. */
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return "use at least 12 characters";
  if (password.length > 1024) return "use at most 1024 characters";
  return null;
}
