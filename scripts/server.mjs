// The production server (scripts/start.sh runs it): `next start` plus what Next cannot do before a request reaches
// the app.
// - It tells the app which peer sent a request: the socket's real address in x-ownerscope-peer, and the client's in
//   x-ownerscope-client (behind OWNERSCOPE_PROXY_ADDRESS, the address that proxy forwarded for), overwriting
//   whatever the client sent, signed with a secret made here. Sign-in limits count guesses per client address, and
//   in trusted-header mode the app believes the SSO header only from the configured proxy.
// - A body declared larger than the app accepts is refused from its headers, before a byte of it is read; a body
//   that declares no length (chunked) is refused too.
// - A path that is not valid percent-encoding is answered 400 in the app's JSON error shape (Next would answer a
//   plain-text 500).
// - Deliveries to the watch intake are answered by the intake's handler, which instrumentation.ts leaves on
//   globalThis, without the framework's per-request work (lib/api/intake-node.ts).
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import next from "next";
import { apiHeaders } from "../lib/api/api-headers.mjs";

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p", default: "3000" },
    hostname: { type: "string", short: "H" },
  },
});
const hostname = values.hostname ?? process.env.OWNERSCOPE_HOST ?? "127.0.0.1";
const port = Number(values.port);
const secret = randomBytes(32).toString("hex");
process.env.OWNERSCOPE_PEER_SECRET = secret;
const trustedMode = Boolean(process.env.OWNERSCOPE_TRUSTED_HEADER);
const normalize = (address) => (address ?? "").replace(/^::ffff:/, "");
// A reverse proxy in front of the server (TLS, SSO): only on its connections does X-Forwarded-For name the client.
const proxyAddress = normalize(
  process.env.OWNERSCOPE_PROXY_ADDRESS ?? process.env.OWNERSCOPE_TRUSTED_PROXY ?? "",
);

/** The client's address: the socket's, or, behind the configured proxy, the last address that proxy appended. */
function clientAddress(req) {
  const peer = normalize(req.socket.remoteAddress);
  if (!proxyAddress || peer !== proxyAddress) return peer;
  const forwarded = String(req.headers["x-forwarded-for"] ?? "")
    .split(",")
    .at(-1)
    ?.trim();
  return forwarded ? normalize(forwarded) : peer;
}
// The largest body any route reads (lib/api/respond.ts reads JSON bodies up to this size).
const MAX_BODY_BYTES = 64 * 1024;

const app = next({
  dev: false,
  dir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."),
  hostname,
  port,
});
const handle = app.getRequestHandler();
await app.prepare();

function refuse(res, status, code, message) {
  res.writeHead(status, { ...apiHeaders, "content-type": "application/json", connection: "close" });
  res.end(JSON.stringify({ error: { code, message } }));
}

/** Whether every percent sign of the path starts a valid escape of UTF-8. */
function decodable(url) {
  const pathname = (url ?? "/").split("?")[0];
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

http
  .createServer((req, res) => {
    if (!decodable(req.url)) {
      process.stderr.write(`ownerscope: 400 for a malformed URL from ${req.socket.remoteAddress}\n`);
      return refuse(res, 400, "bad_request", "The URL's path is not valid percent-encoding.");
    }
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      req.socket.on("error", () => undefined);
      return refuse(res, 413, "payload_too_large", `The request body is over ${MAX_BODY_BYTES / 1024} KiB.`);
    }
    // A body must say how long it is: the framework would buffer a chunked one before the app could count it.
    if (req.headers["transfer-encoding"] && req.headers["content-length"] === undefined) {
      req.socket.on("error", () => undefined);
      return refuse(res, 411, "length_required", "Send the request body with a Content-Length.");
    }
    const intake = globalThis.ownerscopeIntake;
    const connectionId = intake?.intakeConnectionOf(req.method, req.url);
    if (connectionId)
      return void intake.serveIntake(req, res, connectionId).catch((error) => {
        process.stderr.write(`ownerscope: a delivery to the intake could not be answered: ${error}\n`);
        res.destroy();
      });
    const mark = {
      "x-ownerscope-peer": req.socket.remoteAddress ?? "",
      "x-ownerscope-client": clientAddress(req),
      "x-ownerscope-peer-signature": secret,
      // Only the server says which mode it runs in: a client sending this is overwritten.
      "x-ownerscope-trusted-mode": trustedMode ? "1" : "0",
    };
    // Both views of the headers: whatever the client sent under these names is dropped, ours put in.
    const raw = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (!(req.rawHeaders[i].toLowerCase() in mark)) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
    }
    for (const [name, value] of Object.entries(mark)) {
      req.headers[name] = value;
      raw.push(name, value);
    }
    req.rawHeaders.splice(0, req.rawHeaders.length, ...raw);
    void handle(req, res);
  })
  .listen(port, hostname, () =>
    process.stdout.write(
      `ownerscope on http://${hostname}:${port}${trustedMode ? " (trusted-header mode)" : ""}\n`,
    ),
  );
