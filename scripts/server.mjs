// The production server for trusted-header mode (scripts/start.sh picks it when OWNERSCOPE_TRUSTED_HEADER is set).
// It is `next start` plus one thing Next cannot do: tell the app which peer sent a request. Every request gets the
// socket's real address in x-ownerscope-peer, overwriting whatever the client sent, signed with a secret made here,
// so that the app believes the SSO header only from the configured proxy.
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import next from "next";

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

const app = next({
  dev: false,
  dir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."),
  hostname,
  port,
});
const handle = app.getRequestHandler();
await app.prepare();
http
  .createServer((req, res) => {
    const mark = {
      "x-ownerscope-peer": req.socket.remoteAddress ?? "",
      "x-ownerscope-peer-signature": secret,
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
    process.stdout.write(`ownerscope (trusted-header mode) on http://${hostname}:${port}\n`),
  );
