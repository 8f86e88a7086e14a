import { describe, expect, it } from "vitest";
import { formatBytes, parseSize } from "@/lib/format";

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
