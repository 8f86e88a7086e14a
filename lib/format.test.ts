import { describe, expect, it } from "vitest";
import { formatBytes, formatTimestamp, parseSize } from "@/lib/format";

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
