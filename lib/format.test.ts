import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatDuration,
  formatLocal,
  formatTimestamp,
  parseSize,
  relativeAge,
} from "@/lib/format";

describe("formatBytes", () => {
  it("keeps small sizes exact and scales large ones", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(11 * 1024 * 1024)).toBe("11 MiB");
  });
});

describe("parseSize", () => {
  it("reads plain bytes and binary units, whatever their case", () => {
    expect(parseSize("10")).toBe(10);
    expect(parseSize("1.5 MB")).toBe(1_572_864);
    expect(parseSize("2GiB")).toBe(2 * 1024 ** 3);
    expect(parseSize(" 3 kb ")).toBe(3072);
  });
  it("refuses what is not a size", () => {
    expect(parseSize("")).toBeNull();
    expect(parseSize("ten")).toBeNull();
    expect(parseSize("5 parsecs")).toBeNull();
    expect(parseSize("-1")).toBeNull();
  });
});

describe("formatTimestamp", () => {
  it("shows an ISO string or epoch milliseconds as UTC minutes, or seconds when asked", () => {
    expect(formatTimestamp("2026-11-29T16:50:42.123Z")).toBe("2026-11-29 16:50");
    expect(formatTimestamp(Date.UTC(2026, 10, 29, 16, 50, 42))).toBe("2026-11-29 16:50");
    expect(formatTimestamp("2026-11-29T16:50:42.123Z", { seconds: true })).toBe("2026-11-29 16:50:42");
    expect(formatTimestamp(null)).toBe("—");
  });
});

describe("formatLocal", () => {
  it("names the zone and keeps formatTimestamp's shape", () => {
    expect(formatLocal("2026-12-03T12:10:31.000Z", { timeZone: "UTC" })).toBe("2026-12-03 12:10 UTC");
    expect(formatLocal("2026-12-03T12:10:31.000Z", { timeZone: "Europe/Berlin", seconds: true })).toBe(
      "2026-12-03 13:10:31 GMT+1",
    );
    expect(formatLocal("2026-07-01T23:30:00.000Z", { timeZone: "America/New_York" })).toBe(
      "2026-07-01 19:30 EDT",
    );
  });
});

describe("relativeAge", () => {
  const now = Date.parse("2026-12-03T12:00:00.000Z");
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();
  it.each([
    [10, "just now"],
    [-20, "just now"],
    [90, "2 min ago"],
    [59 * 60, "59 min ago"],
    [60 * 60, "1 h ago"],
    [23 * 3600, "23 h ago"],
    [36 * 3600, "2 days ago"],
    [24 * 3600, "1 day ago"],
    [-5 * 60, "in 5 min"],
  ])("%i s before now reads %s", (seconds, text) => {
    expect(relativeAge(ago(seconds), now)).toBe(text);
  });
});

describe("formatDuration", () => {
  it("reads as a clock does, to the second under an hour and to the minute above", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(42.4)).toBe("42 s");
    expect(formatDuration(185)).toBe("3 min 05 s");
    expect(formatDuration(3_720)).toBe("1 h 02 min");
    expect(formatDuration(-5)).toBe("0 s");
  });
});
