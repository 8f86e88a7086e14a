import { describe, expect, it } from "vitest";
import { breadcrumbs, nameBelow } from "@/lib/ownership/prefix";

describe("breadcrumbs", () => {
  it("starts at the bucket root", () => {
    expect(breadcrumbs("logs", "")).toEqual([{ label: "logs", prefix: "" }]);
  });

  it("gives one crumb per folder, each linking to its own prefix", () => {
    expect(breadcrumbs("logs", "from-user-a/with-acl/")).toEqual([
      { label: "logs", prefix: "" },
      { label: "from-user-a", prefix: "from-user-a/" },
      { label: "with-acl", prefix: "from-user-a/with-acl/" },
    ]);
  });

  it("keeps odd characters and a trailing partial segment intact", () => {
    expect(breadcrumbs("b", "ünï cödé/a+b%20/part")).toEqual([
      { label: "b", prefix: "" },
      { label: "ünï cödé", prefix: "ünï cödé/" },
      { label: "a+b%20", prefix: "ünï cödé/a+b%20/" },
      { label: "part", prefix: "ünï cödé/a+b%20/part" },
    ]);
  });

  it("treats empty folder names (double slashes) as folders of their own", () => {
    expect(breadcrumbs("b", "a//").map((c) => c.prefix)).toEqual(["", "a/", "a//"]);
  });
});

describe("nameBelow", () => {
  it("strips the current prefix", () => {
    expect(nameBelow("from-user-a/", "from-user-a/README.md")).toBe("README.md");
    expect(nameBelow("", "top.txt")).toBe("top.txt");
  });
});
