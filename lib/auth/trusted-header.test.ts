import { describe, expect, it } from "vitest";
import {
  parseRoleRules,
  roleFor,
  trustedIdentity,
  type TrustedHeaderConfig,
} from "@/lib/auth/trusted-header";

const rules = parseRoleRules(
  "admin=alice@example.com; operator=*@ops.example.com,bob@example.com ;viewer=*@example.com",
);
const config: TrustedHeaderConfig = { header: "x-forwarded-email", proxyAddress: "10.1.2.3", rules };
const base = {
  config,
  peer: "10.1.2.3",
  peerSignature: "s3cret-signature",
  serverSecret: "s3cret-signature",
  headerValue: "alice@example.com",
};

describe("role rules", () => {
  it("map addresses to roles, first match wins, case-insensitively", () => {
    expect(roleFor("Alice@Example.com", rules)).toBe("admin");
    expect(roleFor("carol@ops.example.com", rules)).toBe("operator");
    expect(roleFor("bob@example.com", rules)).toBe("operator");
    expect(roleFor("dave@example.com", rules)).toBe("viewer");
    expect(roleFor("eve@evil.example", rules)).toBeNull();
    expect(roleFor("alice@example.com.evil.example", rules)).toBe(null);
  });

  it("refuses a malformed specification", () => {
    expect(() => parseRoleRules("root=alice@example.com")).toThrow(/not ROLE=ADDRESS/);
  });
});

describe("trustedIdentity", () => {
  it("believes the header only from the proxy, through our own server", () => {
    expect(trustedIdentity(base)).toEqual({ kind: "user", email: "alice@example.com", role: "admin" });
    expect(trustedIdentity({ ...base, peer: "10.9.9.9" })).toMatchObject({
      kind: "refused",
      reason: expect.stringContaining("SSO proxy"),
    });
    expect(trustedIdentity({ ...base, peer: "::ffff:10.1.2.3" }).kind).toBe("user");
  });

  it("does not believe a peer address a client wrote itself", () => {
    expect(trustedIdentity({ ...base, peerSignature: null }).kind).toBe("refused");
    expect(trustedIdentity({ ...base, peerSignature: "s3cret-signaturX" }).kind).toBe("refused");
    expect(trustedIdentity({ ...base, serverSecret: null }).kind).toBe("refused");
  });

  it("without the header the request is anonymous; unknown or malformed addresses are refused", () => {
    expect(trustedIdentity({ ...base, headerValue: null })).toEqual({ kind: "anonymous" });
    expect(trustedIdentity({ ...base, headerValue: "eve@evil.example" }).kind).toBe("refused");
    expect(trustedIdentity({ ...base, headerValue: "not an address" }).kind).toBe("refused");
  });
});

describe("addressKey", () => {
  it("keeps IPv4 addresses, and counts IPv6 ones by their /64", async () => {
    const { addressKey } = await import("@/lib/auth/trusted-header");
    expect(addressKey("127.0.0.2")).toBe("127.0.0.2");
    expect(addressKey("::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(addressKey("2001:db8:0:1:aaaa::1")).toBe("2001:db8:0:1::/64");
    expect(addressKey("2001:0db8:0000:0001:ffff:ffff:ffff:ffff")).toBe("2001:db8:0:1::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
  });
});
