import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, URL-safe: session cookies, share links and one-time login links. */
export const newToken = () => randomBytes(32).toString("base64url");

/** What the database stores instead of a token: it cannot be turned back into one. */
export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/** Tokens as we issue them (43 base64url characters); anything else is refused before a lookup. */
export const looksLikeToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);
