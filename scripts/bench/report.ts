// What every benchmark shares: number formatting, target verdicts, the JSON artifact, and how a failure ends it.
import fs from "node:fs";
import path from "node:path";

export const artifactsDir = path.resolve(import.meta.dirname, "../../artifacts");

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export const verdict = (ok: boolean) => (ok ? "target met" : "TARGET MISSED");

/** Writes artifacts/NAME.json with the run's figures. */
export function writeArtifact(name: string, figures: unknown): void {
  fs.mkdirSync(artifactsDir, { recursive: true });
  fs.writeFileSync(path.join(artifactsDir, `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
}

/** Runs a benchmark's main; a failure prints its stack and exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}

export type Latency = { requests: number; p50: number; p99: number; max: number };

/** p50, p99 and max of a set of request times (ms). */
export function latencyOf(times: number[]): Latency {
  const sorted = [...times].sort((x, y) => x - y);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { requests: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

export const latencyLine = (l: Latency) =>
  `p50 ${fmt(l.p50, 1)} ms, p99 ${fmt(l.p99, 1)} ms, max ${fmt(l.max, 1)} ms (${fmt(l.requests)} requests)`;

/** Runs `work` while sampling this process's memory; returns its seconds and the peaks. */
export async function measured<T>(work: () => Promise<T>) {
  // Start from a collected heap (the bench:* scripts that use this pass --expose-gc), so the peaks are the work's own.
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 100);
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  return {
    result,
    seconds,
    rssGrowthMb: (peakRss - before.rss) / 2 ** 20,
    heapGrowthMb: (peakHeap - before.heapUsed) / 2 ** 20,
  };
}
