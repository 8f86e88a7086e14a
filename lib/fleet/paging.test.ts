import { describe, expect, it } from "vitest";
import { pages, PagingError } from "@/lib/fleet/paging";

/** A lister whose tokens go A, B, A, B… (an endpoint that loops), each page with `per` items. */
const looping = (per: number) => async (token: string | undefined) => ({
  items: Array.from({ length: per }, (_, i) => `${token ?? "start"}-${i}`),
  next: token === "A" ? "B" : "A",
});

async function drain<T>(it: AsyncIterable<T>) {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("pages", () => {
  it("follows tokens to the end", async () => {
    const got = await drain(
      pages(async (t) => ({ items: [t ?? "0"], next: t === undefined ? "1" : t === "1" ? "2" : undefined }), {
        what: "x",
        maxPages: 10,
        maxItems: 10,
      }),
    );
    expect(got).toEqual(["0", "1", "2"]);
  });

  it("refuses a token it was given before, even when it alternates, and empty pages do not hide it", async () => {
    await expect(
      drain(pages(looping(1), { what: "ListAccountsForParent", maxPages: 1000, maxItems: 1e6 })),
    ).rejects.toThrow(/ListAccountsForParent returned a page token it had returned before/);
    await expect(drain(pages(looping(0), { what: "x", maxPages: 1000, maxItems: 1e6 }))).rejects.toThrow(
      PagingError,
    );
  });

  it("stops at its bounds on pages and items", async () => {
    let n = 0;
    const endless = async () => ({ items: [n], next: String(++n) });
    await expect(
      drain(pages(endless, { what: "ListTagsForResource", maxPages: 5, maxItems: 1e6 })),
    ).rejects.toThrow(/more than 5 pages/);
    const wide = async () => ({ items: Array.from({ length: 30 }, () => 1), next: String(++n) });
    await expect(drain(pages(wide, { what: "tags", maxPages: 100, maxItems: 50 }))).rejects.toThrow(
      /more than 50/,
    );
  });
});
