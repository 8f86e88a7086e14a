// bench:scan --latency-ms L --browser: a fast scan of the benchmark's bucket started through the production server,
// at the latency proxy's distance, watched in Chromium from its first second to its end. Every 250 ms the scan's
// progress line is read off the page ("X of Y+ keys"); the report says how often the figures moved, the longest the
// screen stood still while the scan ran, and whether the figures ever went back.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { chromium } from "@playwright/test";
import { fmt, verdict } from "./report";
import { startBenchServer } from "./server";
import type { Lab } from "../lab/lab-env";

const run = promisify(execFile);

type Sample = { at: number; classified: number; listed: number; status: string };

/** "12,345 of 67,890+ keys" as figures. */
function figuresOf(text: string): { classified: number; listed: number } | null {
  const match = /([\d,]+) of ([\d,]+)\+? keys/.exec(text);
  if (!match) return null;
  return { classified: Number(match[1]!.replaceAll(",", "")), listed: Number(match[2]!.replaceAll(",", "")) };
}

/** Samples a fast scan's progress on its page; `far` is the lab as seen through the latency proxy. */
export async function progressInBrowser(
  direct: Lab,
  far: string,
  bucket: string,
  log: (line: string) => void,
) {
  const server = await startBenchServer(direct, log);
  const browser = await chromium.launch({
    executablePath: process.env.OWNERSCOPE_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    // A second connection to the same lab, through the proxy.
    const connection = ["connection", "add", "--id", "far", "--name", "Lab far away", "--profile"];
    connection.push(direct.roles.audit.profile, "--endpoint-url", far, "--sts-endpoint-url", far);
    connection.push("--region", "us-east-1", "--path-style", "--data-dir", server.dataDir);
    await run(process.execPath, [
      "--conditions=react-server",
      "--import",
      "tsx",
      "scripts/cli/main.ts",
      ...connection,
    ]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const [name, value] = server.cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: server.base }]);
    const page = await context.newPage();
    const { scanId } = await server.api<{ scanId: number }>("POST", "/api/scans", {
      connectionId: "far",
      bucket,
      mode: "fast",
      concurrency: 32,
    });
    const started = performance.now();
    await page.goto(`${server.base}/connections/far/buckets/${bucket}?scan=${scanId}`);
    const progress = page.getByRole("region", { name: "Scan progress" });
    const samples: Sample[] = [];
    for (;;) {
      const text = await progress.innerText().catch(() => "");
      const figures = figuresOf(text);
      const status =
        (await page
          .getByTestId("scan-status")
          .getAttribute("data-status")
          .catch(() => null)) ?? "";
      if (figures) samples.push({ at: (performance.now() - started) / 1000, ...figures, status });
      if (status && status !== "running") break;
      if (performance.now() - started > 30 * 60_000) throw new Error("the scan did not end in 30 minutes");
      await page.waitForTimeout(250);
    }
    const scan = await server.api<{ status: string; classified: number }>("GET", `/api/scans/${scanId}`);
    return { scan, samples };
  } finally {
    await browser.close();
    server.stop();
  }
}

/** The report's lines on what the screen showed. */
export function progressLines(result: Awaited<ReturnType<typeof progressInBrowser>>, keys: number): string[] {
  const { samples, scan } = result;
  const running = samples.filter((s) => s.status === "running");
  let still = 0;
  let longestStill = 0;
  let wentBack = false;
  let moves = 0;
  for (let i = 1; i < running.length; i++) {
    const [a, b] = [running[i - 1]!, running[i]!];
    if (b.classified < a.classified || b.listed < a.listed) wentBack = true;
    if (b.classified !== a.classified || b.listed !== a.listed) {
      moves++;
      still = 0;
    } else still += b.at - a.at;
    longestStill = Math.max(longestStill, still);
  }
  const seconds = running.length ? running.at(-1)!.at - running[0]!.at : 0;
  return [
    `in the browser (production server, fast scan through the proxy, progress read every 250 ms): ${scan.status}, ${fmt(scan.classified)} of ${fmt(keys)} keys`,
    `  the figures moved ${moves} times in ${fmt(seconds, 1)} s of running (${fmt(moves / Math.max(seconds, 1e-9), 2)} a second); longest still: ${fmt(longestStill, 1)} s (target <= 2 s: ${verdict(longestStill <= 2)}); went back: ${wentBack ? "yes (TARGET MISSED)" : "never"}`,
  ];
}
