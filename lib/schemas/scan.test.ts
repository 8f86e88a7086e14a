import { describe, expect, it } from "vitest";
import { checkedView, findingsQuerySchema } from "@/lib/schemas/scan";

describe("checkedView", () => {
  it("keeps every valid field as the URL spelled it", () => {
    const raw = {
      status: "foreign-locked",
      minSize: "10",
      maxSize: "2000",
      from: "2026-01-01",
      sort: "size",
    };
    expect(checkedView(raw)).toEqual({ view: raw, dropped: [] });
  });

  it("leaves out a field that does not hold, saying why in words, and keeps the rest", () => {
    const { view, dropped } = checkedView({ minSize: "abc", from: "yesterday", dir: "sideways", q: "logs" });
    expect(view).toEqual({ q: "logs" });
    expect(dropped).toEqual([
      { field: "minSize", value: "abc", reason: "not a size in bytes" },
      { field: "from", value: "yesterday", reason: "not a date (YYYY-MM-DD)" },
      { field: "dir", value: "sideways", reason: "not asc or desc" },
    ]);
  });

  it("leaves out both ends of a range that crosses", () => {
    const { view, dropped } = checkedView({
      minSize: "500",
      maxSize: "10",
      from: "2026-02-01",
      to: "2026-01-01",
    });
    expect(view).toEqual({});
    expect(dropped.map((d) => d.field)).toEqual(["minSize", "maxSize", "from", "to"]);
    expect(dropped[0]!.reason).toBe("the smallest size is above the largest");
  });

  it("leaves out a day the calendar does not have, which the database could not turn into a time", () => {
    const { view, dropped } = checkedView({ from: "0000-00-00", to: "2024-13-01", q: "x" });
    expect(view).toEqual({ q: "x" });
    expect(dropped.map((d) => d.field)).toEqual(["from", "to"]);
    expect(findingsQuerySchema.safeParse({ to: "9999-99-99" }).success).toBe(false);
    expect(findingsQuerySchema.safeParse({ to: "2024-02-29" }).success).toBe(true);
    expect(findingsQuerySchema.safeParse({ to: "2023-02-29" }).success).toBe(false);
  });

  it("ignores what is not a view field", () => {
    expect(checkedView({ scan: "12", obj: "k" })).toEqual({ view: {}, dropped: [] });
  });
});
