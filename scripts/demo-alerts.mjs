// The demo's alert receiver: a local webhook channel that prints each alert Ownerscope sends in the demo's
// terminal, after checking its signature (HMAC-SHA256 over "timestamp.body" with the channel's secret).
// usage: node scripts/demo-alerts.mjs PORT SECRET
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";

const [port, secret] = process.argv.slice(2);
http
  .createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size <= 1024 * 1024) chunks.push(c);
    });
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const expected = `sha256=${createHmac("sha256", secret).update(`${req.headers["x-ownerscope-timestamp"]}.${body}`).digest("hex")}`;
      const given = String(req.headers["x-ownerscope-signature"] ?? "");
      const valid =
        given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      res.writeHead(valid ? 200 : 401).end();
      if (!valid) return process.stderr.write("demo alert: refused a request with a bad signature\n");
      const alert = JSON.parse(body);
      const lines = alert.accounts.map(
        (a) =>
          `  ${a.name ?? a.accountId}: ${a.count} object(s) under ${a.prefixes.map((p) => p.prefix || "(top)").join(", ")}; first: ${a.firstKeys[0]}`,
      );
      process.stderr.write(
        `\n*** ALERT (signature checked): ${alert.title}\n${lines.join("\n")}\n  ${alert.link}\n\n`,
      );
    });
  })
  .listen(Number(port), "127.0.0.1");
