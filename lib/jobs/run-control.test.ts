import { describe, expect, it } from "vitest";
import { linkedAbort, runPool } from "@/lib/jobs/run-control";

const items = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("runPool", () => {
  it("works every item the producer pushes, never holding more than its capacity queued", async () => {
    const done: number[] = [];
    let inFlight = 0;
    let most = 0;
    await runPool<number>({
      concurrency: 3,
      capacity: 5,
      signal: new AbortController().signal,
      produce: async (push) => {
        for (const i of items(100)) await push(i);
      },
      work: async (i) => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 1));
        done.push(i);
        inFlight--;
      },
    });
    expect(done.sort((a, b) => a - b)).toEqual(items(100));
    expect(most).toBeLessThanOrEqual(3);
  });

  it("stops a worker that answers false, and drops what is queued on abort", async () => {
    const controller = new AbortController();
    const done: number[] = [];
    await runPool<number>({
      concurrency: 1,
      capacity: 10,
      signal: controller.signal,
      produce: async (push) => {
        for (const i of items(20)) await push(i);
      },
      work: async (i) => {
        done.push(i);
        if (i === 3) controller.abort();
        return i < 3;
      },
    });
    expect(done).toEqual([1, 2, 3]);
  });
});

describe("linkedAbort", () => {
  it("aborts with the caller, and no longer once released", () => {
    const caller = new AbortController();
    const run = linkedAbort(caller.signal, () => new Error("interrupted"));
    caller.abort();
    expect(run.signal.aborted).toBe(true);
    expect((run.signal.reason as Error).message).toBe("interrupted");

    const later = new AbortController();
    const released = linkedAbort(later.signal, () => "stop");
    released.release();
    later.abort();
    expect(released.signal.aborted).toBe(false);
    expect(linkedAbort(AbortSignal.abort(), () => "at once").signal.aborted).toBe(true);
  });
});
