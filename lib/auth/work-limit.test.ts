import { describe, expect, it } from "vitest";
import { workLimit } from "@/lib/auth/work-limit";

describe("workLimit", () => {
  it("runs a few at once, queues a few more, refuses the rest at once", async () => {
    const limit = workLimit(2, 3, "busy");
    let running = 0;
    let most = 0;
    const task = () =>
      limit(async () => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        return "done";
      });
    const results = await Promise.allSettled(Array.from({ length: 10 }, task));
    expect(most).toBe(2);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(
      results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.message),
    ).toEqual(Array(5).fill("busy"));
    expect(await task()).toBe("done");
  });
});
