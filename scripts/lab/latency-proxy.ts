// A TCP proxy in front of the lab that holds every chunk a client sends for a fixed time: requests then take as
// long as they would against a distant S3 endpoint, where latency, not the gateway's CPU, bounds a job.
import net from "node:net";

export async function startLatencyProxy(target: string, delayMs: number) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    // Timers of one duration fire in the order they were set: the bytes stay in order.
    client.on("data", (chunk) => setTimeout(() => upstream.write(chunk), delayMs));
    upstream.on("data", (chunk) => client.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: local } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${local}`,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}
