// Prints a TCP port that is free on 127.0.0.1 right now, or with a count N the first of N consecutive free ports
// (the browser tests serve the app on one and two more servers on the next two).
import net from "node:net";

const count = Number(process.argv[2] ?? 1);

const listen = (port) =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(null));
    server.listen(port, "127.0.0.1", () => resolve(server));
  });

for (let attempt = 0; attempt < 50; attempt++) {
  const first = await listen(0);
  const base = first.address().port;
  const held = [first];
  for (let i = 1; i < count; i++) {
    const next = base + i <= 65535 ? await listen(base + i) : null;
    if (!next) break;
    held.push(next);
  }
  await Promise.all(held.map((s) => new Promise((resolve) => s.close(resolve))));
  if (held.length === count) {
    process.stdout.write(`${base}\n`);
    process.exit(0);
  }
}
process.stderr.write(`free-port: no ${count} consecutive free ports found\n`);
process.exit(1);
