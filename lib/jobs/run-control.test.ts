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

describe("runPool when the producer fails", () => {
  it("stops taking queued items and waits for the items in hand before it throws", async () => {
    const finished: number[] = [];
    let release = () => {};
    const inHand = new Promise<void>((resolve) => (release = resolve));
    const run = runPool<number>({
      concurrency: 1,
      capacity: 10,
      signal: new AbortController().signal,
      produce: async (push) => {
        for (const i of items(5)) await push(i);
        throw new Error("the store could not be read");
      },
      work: async (i) => {
        await inHand;
        finished.push(i);
      },
    });
    let settled = false;
    run.catch(() => undefined).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 10));
    // Item 1 is still being worked on: a run that answered now would leave a worker writing after its job ended.
    expect(settled).toBe(false);
    release();
    await expect(run).rejects.toThrow("the store could not be read");
    expect(finished).toEqual([1]);
  });
});

describe("runPool when a worker fails", () => {
  it("lets the other workers finish the item in hand, takes nothing more, and throws once all have stopped", async () => {
    const finished: number[] = [];
    let release = () => {};
    const inHand = new Promise<void>((resolve) => (release = resolve));
    const run = runPool<number>({
      concurrency: 2,
      capacity: 10,
      signal: new AbortController().signal,
      produce: async (push) => {
        for (const i of items(10)) await push(i);
      },
      work: async (i) => {
        if (i === 1) throw new Error("the store could not be written");
        await inHand;
        finished.push(i);
      },
    });
    let settled = false;
    run.catch(() => undefined).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    release();
    await expect(run).rejects.toThrow("the store could not be written");
    expect(finished).toEqual([2]);
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
