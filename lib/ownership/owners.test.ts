import { describe, expect, it } from "vitest";
import { accountNameMap, describeOwner } from "@/lib/ownership/owners";

const names = accountNameMap([
  { canonicalId: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", name: "prod" },
  { canonicalId: "writer-account", name: "data team" },
]);
const bucketOwner = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

describe("describeOwner", () => {
  it("flags a key owned by another canonical ID and names its account", () => {
    expect(describeOwner("writer-account", bucketOwner, names)).toEqual({
      id: "writer-account",
      name: "data team",
      isBucketOwner: false,
      foreign: true,
    });
  });

  it("does not flag the bucket owner's own key", () => {
    const owner = describeOwner(bucketOwner, bucketOwner, names);
    expect(owner.foreign).toBe(false);
    expect(owner.isBucketOwner).toBe(true);
    expect(owner.name).toBe("prod");
  });

  it("flags an unknown foreign account without inventing a name", () => {
    expect(describeOwner("someone-else", bucketOwner, names)).toMatchObject({ name: null, foreign: true });
  });

  it("compares IDs exactly: a prefix or a case change is another account", () => {
    expect(describeOwner(bucketOwner.toUpperCase(), bucketOwner, names).foreign).toBe(true);
    expect(describeOwner(bucketOwner.slice(0, 20), bucketOwner, names).foreign).toBe(true);
  });

  it("claims nothing when the listing carried no owner", () => {
    expect(describeOwner(null, bucketOwner, names)).toEqual({
      id: null,
      name: null,
      isBucketOwner: false,
      foreign: false,
    });
  });
});
