import { BlockList, isIP } from "node:net";

// Where alerts may be sent. A channel is set by an admin, but the server sends from inside the network: without
// these rules a channel (or its test button) reaches the metadata service, the gateway's admin port or any
// service on loopback, and tells whether a port is open.

// Two lists: a BlockList checks an IPv4 address against IPv6 rules too (as ::ffff:a.b.c.d), so one list holding
// the mapped range would refuse every IPv4 address.
const blocked4 = new BlockList();
const blocked6 = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, the cloud metadata service
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved and broadcast
] as const)
  blocked4.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["::ffff:0:0", 96], // IPv4-mapped: the IPv4 address behind it is not checked again
  ["64:ff9b::", 96], // NAT64
  ["2002::", 16], // 6to4 carries an IPv4 address
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const)
  blocked6.addSubnet(net, bits, "ipv6");

/** Whether an address is one alerts may go to without an admin listing it: a public unicast address. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return family === 4 ? !blocked4.check(address, "ipv4") : !blocked6.check(address, "ipv6");
}

/**
 * The hosts an admin lets alerts reach over plain http and at non-public addresses (a receiver on the same
 * machine, a relay in the office network): `host` or `host:port`, comma-separated, compared without case.
 */
export function parseAllowedHosts(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

export const isAllowedHost = (allowed: string[], host: string, port: number) => {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return allowed.includes(h) || allowed.includes(`${h}:${port}`) || allowed.includes(`[${h}]:${port}`);
};

export type OutboundTarget = { host: string; port: number; tls: boolean; listed: boolean };

/** Slack's incoming webhooks live on one host, over HTTPS. */
export const SLACK_HOST = "hooks.slack.com";

/**
 * What a webhook or Slack URL may reach, before any address is looked up: https, or http to a listed host; a
 * Slack channel only Slack's own host (or a listed one). Throws a sentence an admin can act on.
 */
export function outboundTarget(
  urlText: string,
  kind: "webhook" | "slack",
  allowed: string[],
): OutboundTarget & { url: URL } {
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    throw new Error("the URL is not a URL");
  }
  const tls = url.protocol === "https:";
  if (!tls && url.protocol !== "http:") throw new Error("the URL must be https://");
  if (url.username || url.password) throw new Error("the URL must not carry a user or password");
  const port = url.port ? Number(url.port) : tls ? 443 : 80;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const listed = isAllowedHost(allowed, host, port);
  if (!tls && !listed)
    throw new Error(`plain http goes only to hosts the server lists (OWNERSCOPE_ALLOWED_HOSTS); use https`);
  if (kind === "slack" && !listed && host.toLowerCase() !== SLACK_HOST)
    throw new Error(`a Slack channel's URL must be Slack's (https://${SLACK_HOST}/…)`);
  return { url, host, port, tls, listed };
}

/**
 * The address to connect to, of those a host name resolved to: every one must be public unless the host is listed
 * (a name that answers one public and one private address could be steered to the private one).
 */
export function checkedAddress(
  host: string,
  addresses: { address: string; family: number }[],
  listed: boolean,
): { address: string; family: number } {
  if (addresses.length === 0) throw new Error(`${host} has no address`);
  if (!listed) {
    const inside = addresses.find((a) => !isPublicAddress(a.address));
    if (inside)
      throw new Error(
        `${host} is a loopback, private, link-local or otherwise non-public address; an admin may list it in OWNERSCOPE_ALLOWED_HOSTS`,
      );
  }
  return addresses[0]!;
}
