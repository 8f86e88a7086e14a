import { describe, expect, it } from "vitest";
import { ALL_USERS, type Grant } from "@/lib/audit/types";
import { grantHeaders, otherGrants, planGrants, sameGrants } from "@/lib/fix/grants";

const user = (grantee: string, permission: Grant["permission"] = "READ"): Grant => ({
  grantee,
  granteeType: "CanonicalUser",
  permission,
});
const group = (grantee: string, permission: Grant["permission"] = "READ"): Grant => ({
  grantee,
  granteeType: "Group",
  permission,
});

describe("otherGrants", () => {
  it("leaves out the owners' own grants, keeps everyone else's once", () => {
    const acl = [
      user("a", "FULL_CONTROL"),
      user("b", "FULL_CONTROL"),
      user("c"),
      user("c"),
      group(ALL_USERS),
    ];
    expect(otherGrants(acl, ["a", "b"])).toEqual([user("c"), group(ALL_USERS)]);
  });
});

describe("planGrants", () => {
  it("drops public grants unless asked, WRITE (no object permission) and grantees that cannot be restated", () => {
    const plan = planGrants(
      [user("c"), group(ALL_USERS), user("d", "WRITE"), user('e",id="x'), user("f", "WRITE_ACP")],
      false,
    );
    expect(plan.kept).toEqual([user("c"), user("f", "WRITE_ACP")]);
    expect(plan.dropped.map((d) => d.why)).toEqual([
      "public grants are kept only by choice",
      "not a permission an object has",
      "its grantee cannot be written in a header",
    ]);
    expect(planGrants([group(ALL_USERS)], true).kept).toEqual([group(ALL_USERS)]);
  });
});

describe("sameGrants", () => {
  it("ignores order and duplicates, not permissions", () => {
    expect(sameGrants([user("a"), user("c")], [user("c"), user("a"), user("a")])).toBe(true);
    expect(sameGrants([user("a")], [user("a", "READ_ACP")])).toBe(false);
    expect(sameGrants([user("a")], [])).toBe(false);
  });
});

describe("grantHeaders", () => {
  it("names the owners' full control and each kept grant in its permission's header", () => {
    expect(
      grantHeaders(
        ["a", "b"],
        [user("c"), group(ALL_USERS), user("d", "READ_ACP"), user("a", "FULL_CONTROL")],
      ),
    ).toEqual({
      GrantFullControl: 'id="a", id="b"',
      GrantRead: `id="c", uri="${ALL_USERS}"`,
      GrantReadACP: 'id="d"',
    });
  });
});
