import { timingSafeEqual } from "node:crypto";
import type { Role } from "@/lib/auth/roles";
import { matchesWildcard } from "@/lib/wildcard";

/** Trusted-header mode, as configured: which header names the user, which peer may send it, who gets which role. */
export type TrustedHeaderConfig = {
  header: string;
  proxyAddress: string;
  rules: { pattern: string; role: Role }[];
};

/**
 * Parses OWNERSCOPE_TRUSTED_ROLES: `admin=alice@example.com,bob@example.com;operator=*@example.com;viewer=*`.
 * The first rule that matches an address decides; `*` matches any run of characters.
 */
export function parseRoleRules(spec: string): { pattern: string; role: Role }[] {
  return spec
    .split(";")
    .map((part) => part.trim())
    .filter(Boolean)
    .flatMap((part) => {
      const at = part.indexOf("=");
      const role = part.slice(0, at).trim();
      if (at < 1 || !["viewer", "operator", "admin"].includes(role)) {
        throw new Error(`OWNERSCOPE_TRUSTED_ROLES: "${part}" is not ROLE=ADDRESS[,ADDRESS...]`);
      }
      return part
        .slice(at + 1)
        .split(",")
        .map((p) => p.trim().toLowerCase())
        .filter(Boolean)
        .map((pattern) => ({ pattern, role: role as Role }));
    });
}

export function roleFor(email: string, rules: readonly { pattern: string; role: Role }[]): Role | null {
  const address = email.trim().toLowerCase();
  for (const r of rules) {
    if (matchesWildcard(r.pattern, address)) return r.role;
  }
  return null;
}

const normalize = (address: string) => address.replace(/^::ffff:/, "");

/** Whether a request's peer mark was signed by Ownerscope's own server (scripts/server.mjs) in this run. */
function signedByServer(signature: string | null, serverSecret: string | null): boolean {
  if (!serverSecret) return false;
  const sig = Buffer.from(signature ?? "");
  const secret = Buffer.from(serverSecret);
  return sig.length === secret.length && timingSafeEqual(sig, secret);
}

/**
 * The address a request came from, as Ownerscope's server saw it (its socket, or behind the configured proxy the
 * address the proxy forwarded for); "unknown" without that server (`next dev`), where a client could name any.
 */
export function clientAddress(headers: Headers, serverSecret: string | null): string {
  if (!signedByServer(headers.get("x-ownerscope-peer-signature"), serverSecret)) return "unknown";
  return addressKey(headers.get("x-ownerscope-client") ?? "") || "unknown";
}

/**
 * An address as sign-in limits count it: IPv4 as it is, IPv6 by its /64 (one host gets a whole /64 and could
 * otherwise guess from as many addresses as it liked).
 */
export function addressKey(address: string): string {
  const a = normalize(address.trim());
  if (!a.includes(":")) return a;
  const [head = "", tail = ""] = a.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = a.includes("::")
    ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

export type TrustedDecision =
  { kind: "user"; email: string; role: Role } | { kind: "anonymous" } | { kind: "refused"; reason: string };

/**
 * Decides who a request is in trusted-header mode. The peer address comes from Ownerscope's own server
 * (scripts/server.mjs), which overwrites whatever a client sent and signs it with a secret made at start: a peer
 * header without that signature is not believed, so a direct client cannot pretend to be the proxy.
 */
export function trustedIdentity(input: {
  config: TrustedHeaderConfig;
  peer: string | null;
  peerSignature: string | null;
  serverSecret: string | null;
  headerValue: string | null;
}): TrustedDecision {
  const { config } = input;
  if (!input.serverSecret)
    return { kind: "refused", reason: "trusted-header mode needs the server started by `npm start`" };
  if (!signedByServer(input.peerSignature, input.serverSecret) || !input.peer) {
    return { kind: "refused", reason: "the request did not come through Ownerscope's server" };
  }
  if (normalize(input.peer) !== normalize(config.proxyAddress)) {
    return { kind: "refused", reason: "requests are accepted only through the SSO proxy" };
  }
  const email = input.headerValue?.trim();
  if (!email) return { kind: "anonymous" };
  if (!/^[^\s@]{1,64}@[^\s@]{1,255}$/.test(email))
    return { kind: "refused", reason: `the ${config.header} header is not an e-mail address` };
  const role = roleFor(email, config.rules);
  if (!role) return { kind: "refused", reason: `${email} has no role in Ownerscope` };
  return { kind: "user", email: email.toLowerCase(), role };
}
