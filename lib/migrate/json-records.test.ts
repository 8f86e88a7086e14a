import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecordsSplitter } from "./json-records";

/** The elements the splitter hands over, the document fed in pieces of the given sizes. */
function split(doc: string, sizes: number[], max = 1 << 20) {
  const bytes = Buffer.from(doc, "utf8");
  const splitter = new RecordsSplitter(max);
  const out: unknown[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const n = Math.max(1, sizes[i % Math.max(1, sizes.length)] ?? bytes.length);
    splitter.push(bytes.subarray(at, at + n), (t) => out.push(JSON.parse(t)));
    at += n;
  }
  return { out, oversized: splitter.oversized };
}

describe("the Records of a CloudTrail file, as a stream", () => {
  it("hands over each element as JSON.parse reads it, however the bytes are cut", () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 8 }),
        fc.dictionary(
          fc.string().filter((k) => k !== "Records"),
          fc.jsonValue(),
          { maxKeys: 3 },
        ),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 5 }),
        (records, others, sizes) => {
          const doc = JSON.stringify({ ...others, Records: records, after: { Records: [1] } }, null, 1);
          expect(split(doc, sizes).out).toEqual(JSON.parse(JSON.stringify(records)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("reads keys and strings holding braces, quotes, escapes and emoji", () => {
    const doc = '{"a":"}]\\"Records\\":[","Records":[{"k":"🚀\\"}"},"x",2,[3]],"z":{}}';
    expect(split(doc, [3]).out).toEqual([{ k: '🚀"}' }, "x", 2, [3]]);
  });

  it("passes over an element larger than the bound without keeping it", () => {
    const doc = JSON.stringify({ Records: [{ a: 1 }, { big: "x".repeat(5000) }, { b: 2 }] });
    expect(split(doc, [64], 1000)).toEqual({ out: [{ a: 1 }, { b: 2 }], oversized: 1 });
  });

  it("keeps no more of a long key than it needs (a key of 400 MB once took the server's memory)", () => {
    const splitter = new RecordsSplitter(1000);
    const out: string[] = [];
    splitter.push(Buffer.from('{"'), (t) => out.push(t));
    const chunk = Buffer.alloc(1 << 20, "A");
    for (let i = 0; i < 64; i++) splitter.push(chunk, (t) => out.push(t));
    splitter.push(Buffer.from('":1,"RecordsX":[1],"Records":[2]}'), (t) => out.push(t));
    expect(out).toEqual(["2"]);
    expect(process.memoryUsage().heapUsed).toBeLessThan(400 * 1024 * 1024);
  });
});
