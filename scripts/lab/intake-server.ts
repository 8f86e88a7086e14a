// A process that does what the web server does for watching, and nothing else: the intake route's handler on a port,
// and the live checker, over the SQLite file given. Tests kill it mid-burst and start it again on the same file.
// usage: tsx --conditions=react-server scripts/lab/intake-server.ts DB_FILE PORT
import http from "node:http";
import { receiveEvents } from "@/lib/api/watch-intake";
import { openDb } from "@/lib/db";
import { startWatchService } from "@/lib/jobs/watch-service";

const [file, port] = process.argv.slice(2);
const db = openDb(file!);
startWatchService(db);
http
  .createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: Buffer.concat(chunks),
    });
    const id = /^\/api\/watch\/([^/?]+)\/events/.exec(req.url ?? "")?.[1] ?? "";
    const response = await receiveEvents(db, request, decodeURIComponent(id)).catch(
      (error: Error) =>
        new Response(JSON.stringify({ error: { code: "refused", message: error.message } }), { status: 401 }),
    );
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(await response.text());
  })
  .listen(Number(port), "127.0.0.1", () => process.stdout.write("listening\n"));
