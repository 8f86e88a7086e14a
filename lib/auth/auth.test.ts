import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "@/lib/auth/password";
import { allows } from "@/lib/auth/roles";
import { looksLikeToken, newToken, tokenHash } from "@/lib/auth/tokens";

describe("passwords", () => {
  it("hash with a per-user salt and verify only the right password", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).not.toBe(b); // different salts
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterz", a)).toBe(false);
    expect(await verifyPassword("anything", null)).toBe(false);
    expect(await verifyPassword("anything", "md5$abc")).toBe(false);
  });

  it("refuses short passwords", () => {
    expect(passwordProblem("short")).toMatch(/12 characters/);
    expect(passwordProblem("long enough password")).toBeNull();
  });
});

describe("roles", () => {
  it("rank viewer < operator < admin", () => {
    expect(allows("admin", "operator")).toBe(true);
    expect(allows("operator", "viewer")).toBe(true);
    expect(allows("viewer", "operator")).toBe(false);
    expect(allows("operator", "admin")).toBe(false);
  });
});

describe("tokens", () => {
  it("carry 256 random bits and are stored only as digests", () => {
    const t = newToken();
    expect(looksLikeToken(t)).toBe(true);
    expect(t).not.toBe(newToken());
    expect(tokenHash(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(t)).not.toContain(t);
    expect(looksLikeToken(`${t.slice(0, -1)}!`)).toBe(false);
  });
});

describe("session cookies", () => {
  it("over HTTPS are __Host- and Secure, with Path=/ and no Domain; over HTTP plain", async () => {
    const { sessionCookie } = await import("@/lib/api/session");
    const secure = sessionCookie("t", 60, true);
    expect(secure).toMatch(
      /^__Host-ownerscope_session=t; Path=\/; HttpOnly; SameSite=Strict; Max-Age=60; Secure$/,
    );
    expect(secure).not.toMatch(/Domain/i);
    expect(sessionCookie("t", 60, false)).toBe(
      "ownerscope_session=t; Path=/; HttpOnly; SameSite=Strict; Max-Age=60",
    );
  });
});
