import { describe, expect, it } from "vitest";
import {
  discoverAccounts,
  noFilter,
  type OrgAccountEntry,
  type OrganizationApi,
  type OrgNode,
} from "@/lib/fleet/organization";

// An organization in memory, paged one item at a time like a cautious API would.
function orgApi(tree: {
  ous: (OrgNode & { parent: string })[];
  accounts: (OrgAccountEntry & { parent: string; tags?: Record<string, string> })[];
}): OrganizationApi & { calls: string[] } {
  const calls: string[] = [];
  async function* each<T>(items: T[]) {
    for (const item of items) yield item;
  }
  return {
    calls,
    roots: () => each([{ id: "r-1", name: "Root" }]),
    childOus: (parent) => {
      calls.push(`ous ${parent}`);
      return each(tree.ous.filter((o) => o.parent === parent).map(({ id, name }) => ({ id, name })));
    },
    accountsIn: (parent) => each(tree.accounts.filter((a) => a.parent === parent)),
    tagsOf: async (id) => tree.accounts.find((a) => a.id === id)?.tags ?? {},
  };
}

const tree = {
  ous: [
    { id: "ou-prod", name: "Prod", parent: "r-1" },
    { id: "ou-pay", name: "Payments", parent: "ou-prod" },
    { id: "ou-dev", name: "Dev", parent: "r-1" },
  ],
  accounts: [
    { id: "111111111111", name: "mgmt", state: "ACTIVE", parent: "r-1" },
    { id: "222222222222", name: "pay", state: "ACTIVE", parent: "ou-pay", tags: { team: "pay" } },
    { id: "333333333333", name: "web", state: "ACTIVE", parent: "ou-prod" },
    { id: "444444444444", name: "dev", state: "ACTIVE", parent: "ou-dev" },
    { id: "555555555555", name: "closed", state: "CLOSED", parent: "ou-dev" },
    { id: "666666666666", name: "suspended", state: "SUSPENDED", parent: "ou-prod" },
    { id: "777777777777", name: "closing", state: "PENDING_CLOSURE", parent: "r-1" },
  ],
};

describe("discoverAccounts", () => {
  it("finds every ACTIVE account with its OU path and tags, and no closed, suspended or closing one", async () => {
    const { accounts: found } = await discoverAccounts(orgApi(tree), noFilter);
    expect(found.map((a) => a.id).sort()).toEqual([
      "111111111111",
      "222222222222",
      "333333333333",
      "444444444444",
    ]);
    const pay = found.find((a) => a.id === "222222222222")!;
    expect(pay.ouPath).toEqual(["Prod", "Payments"]);
    expect(pay.ouIds).toEqual(["ou-prod", "ou-pay"]);
    expect(pay.tags).toEqual({ team: "pay" });
    expect(found.find((a) => a.id === "111111111111")!.ouPath).toEqual([]);
  });

  it("takes an included OU's whole subtree, by name or ID, and nothing outside it", async () => {
    for (const ou of ["Prod", "ou-prod"]) {
      const { accounts: found } = await discoverAccounts(orgApi(tree), { ...noFilter, includeOus: [ou] });
      expect(found.map((a) => a.id).sort()).toEqual(["222222222222", "333333333333"]);
    }
  });

  it("skips a skipped OU with its subtree without even listing under it, and skipped accounts by ID or name", async () => {
    const api = orgApi(tree);
    const { accounts: found } = await discoverAccounts(api, {
      ...noFilter,
      skipOus: ["Prod"],
      skipAccounts: ["dev"],
    });
    expect(found.map((a) => a.id)).toEqual(["111111111111"]);
    expect(api.calls).not.toContain("ous ou-prod");
  });

  it("narrows to included accounts", async () => {
    const { accounts: found } = await discoverAccounts(orgApi(tree), {
      ...noFilter,
      includeAccounts: ["444444444444", "pay"],
    });
    expect(found.map((a) => a.id).sort()).toEqual(["222222222222", "444444444444"]);
  });

  it("refuses entries that are not an account (an ID not of 12 digits, an empty or overlong name) and says which", async () => {
    const hostile = orgApi({
      ous: [],
      accounts: [
        { id: "4100000000AB", name: "letters", state: "ACTIVE", parent: "r-1" },
        { id: "", name: "empty id", state: "ACTIVE", parent: "r-1" },
        { id: "999999999999:role/Admin#", name: "arn bits", state: "ACTIVE", parent: "r-1" },
        { id: "123456789012", name: "   ", state: "ACTIVE", parent: "r-1" },
        { id: "123456789013", name: "x".repeat(201), state: "ACTIVE", parent: "r-1" },
        {
          id: "123456789014",
          name: " fine ",
          state: "ACTIVE",
          parent: "r-1",
          tags: { ["k".repeat(129)]: "v", ok: "y".repeat(257), good: "1" },
        },
      ],
    });
    const { accounts, refused } = await discoverAccounts(hostile, noFilter);
    expect(accounts).toEqual([
      { id: "123456789014", name: "fine", ouPath: [], ouIds: [], tags: { good: "1" } },
    ]);
    expect(refused.map((r) => r.id)).toEqual([
      "4100000000AB",
      "",
      "999999999999:role/Admin#",
      "123456789012",
      "123456789013",
    ]);
  });

  it("counts what a filter leaves out (their objects are not known to be outside the organization)", async () => {
    expect(
      (await discoverAccounts(orgApi(tree), { ...noFilter, skipOus: ["Prod"] })).leftOut,
    ).toBeGreaterThan(0);
    expect((await discoverAccounts(orgApi(tree), { ...noFilter, skipAccounts: ["dev"] })).leftOut).toBe(1);
    expect((await discoverAccounts(orgApi(tree), { ...noFilter, includeOus: ["Dev"] })).leftOut).toBe(3);
    expect((await discoverAccounts(orgApi(tree), noFilter)).leftOut).toBe(0);
  });

  it("refuses a tree deeper than Organizations allows (an answer that loops)", async () => {
    const looping = orgApi({ ous: [{ id: "ou-x", name: "X", parent: "r-1" }], accounts: [] });
    looping.childOus = async function* () {
      yield { id: "ou-x", name: "X" };
    };
    await expect(discoverAccounts(looping, noFilter)).rejects.toThrow(/deeper than/);
  });
});
