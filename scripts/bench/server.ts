// The production server as `npm start` runs it, for benchmarks: its own data directory with the lab connection, one
// signed-in user, and a stop that removes everything it made.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Lab } from "../lab/lab-env";

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, "../..");

export type BenchServer = {
  base: string;
  /** The server's data directory (its SQLite database is there). */
  dataDir: string;
  cookie: string;
  process: ChildProcess;
  /** A JSON API call as the signed-in user. */
  api: <T>(method: "GET" | "POST", url: string, body?: unknown) => Promise<T>;
  stop: () => void;
};

/** Builds (unless OWNERSCOPE_SKIP_BUILD=1), then starts the server and signs in an operator. */
export async function startBenchServer(lab: Lab, log: (line: string) => void): Promise<BenchServer> {
  if (process.env.OWNERSCOPE_SKIP_BUILD !== "1") {
    log("building the production server…");
    await run(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      cwd: repo,
      maxBuffer: 1 << 26,
    });
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ownerscope-bench-server-"));
  const env = {
    ...process.env,
    // The bench's alert receiver is on this machine.
    OWNERSCOPE_ALLOWED_HOSTS: "127.0.0.1",
    OWNERSCOPE_DATA_DIR: dataDir,
    OWNERSCOPE_LAB_DIR: lab.dir,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  await run("bash", [path.join(repo, "scripts/lab/connect.sh"), dataDir], { cwd: repo, env });
  const password = `bench-${Date.now()}-password`;
  const addUser = execFile(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      "scripts/cli/main.ts",
      "user",
      "add",
      "--username",
      "bench",
    ].concat(["--role", "operator", "--password-stdin", "--data-dir", dataDir]),
    { cwd: repo, env },
  );
  addUser.stdin!.end(password);
  await new Promise((resolve) => addUser.once("exit", resolve));
  const port = 20000 + Math.floor(Math.random() * 20000);
  // The server's own output goes to OWNERSCOPE_BENCH_SERVER_LOG when it is set (to see why a server died).
  const serverLog = process.env.OWNERSCOPE_BENCH_SERVER_LOG;
  const output = serverLog ? fs.openSync(serverLog, "w") : "ignore";
  const server = spawn("bash", ["scripts/start.sh", "-p", String(port)], {
    cwd: repo,
    env,
    stdio: ["ignore", output, output],
  });
  const stop = () => {
    server.kill("SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300; i++) {
      if (
        await fetch(`${base}/login`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "bench", password }),
    });
    if (!login.ok) throw new Error(`bench: could not sign in to the server (${login.status})`);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const api = async <T>(method: "GET" | "POST", url: string, body?: unknown): Promise<T> => {
      const send = () =>
        fetch(`${base}${url}`, {
          method,
          headers: { "content-type": "application/json", cookie },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      // A kept-alive socket the server closed while the bench was busy (its keep-alive timeout is 5 s) fails
      // before the request reaches it: send once more on a new one.
      const r = await send()
        .catch(send)
        .catch((error: Error) => {
          throw new Error(`bench: ${method} ${url} failed: ${String(error.cause ?? error)}`);
        });
      if (!r.ok) throw new Error(`bench: ${method} ${url} answered ${r.status}: ${await r.text()}`);
      return (await r.json()) as T;
    };
    return { base, dataDir, cookie, process: server, api, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** Starts a scan through the API and waits for it to end. */
export async function scanThroughApi(
  server: BenchServer,
  body: { bucket: string; mode: "full" | "fast"; concurrency: number },
): Promise<{ scanId: number; status: string; classified: number; seconds: number }> {
  const started = performance.now();
  const { scanId } = await server.api<{ scanId: number }>("POST", "/api/scans", {
    connectionId: "lab",
    ...body,
  });
  let scan: { status: string; classified: number };
  do {
    await new Promise((r) => setTimeout(r, 500));
    scan = await server.api("GET", `/api/scans/${scanId}`);
  } while (scan.status === "running");
  return { scanId, ...scan, seconds: (performance.now() - started) / 1000 };
}

/** Peak resident memory over a process and its children, from /proc (VmHWM is the kernel's own high-water mark). */
export function peakRssMb(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  let peak = 0;
  const visit = (pid: number) => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
    } catch {
      // gone meanwhile
    }
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(rootPid);
  return peak;
}
