// The fixed headers of every API answer: JSON that nothing may sniff, frame, run or refer onwards. One list for the
// three places that answer API requests: next.config.js (the routes), lib/api/intake-node.ts (the intake the Node
// server answers itself) and scripts/server.mjs (what it refuses before the app).

/** @type {Readonly<Record<string, string>>} */
export const apiHeaders = Object.freeze({
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
});
