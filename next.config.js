import { apiHeaders } from "./lib/api/api-headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time instead of bundling it.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  // The proxy (proxy.ts) makes Next buffer request bodies; no route reads more than lib/api/respond.ts allows
  // (one byte more, so that a body cut at the bound is still seen to be too large).
  experimental: { proxyClientMaxBodySize: 64 * 1024 + 1 },
  // API answers (the proxy runs for pages only): JSON that nothing may sniff, frame, cache or refer onwards.
  async headers() {
    return [
      {
        source: "/api/:path*",
        headers: Object.entries(apiHeaders).map(([key, value]) => ({ key, value })),
      },
    ];
  },
};

export default nextConfig;
