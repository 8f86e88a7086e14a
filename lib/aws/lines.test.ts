import { describe, expect, it } from "vitest";
import { boundedLines } from "@/lib/aws/lines";

async function* chunks(...parts: string[]) {
  for (const p of parts) yield Buffer.from(p);
}
const collect = async (it: AsyncIterable<string>) => {
  const out: string[] = [];
  for await (const line of it) out.push(line);
  return out;
};

describe("boundedLines", () => {
  it("splits across chunks, CRLF and a last line without a newline, multi-byte characters included", async () => {
    const euro = Buffer.from("€");
    async function* split() {
      yield Buffer.from("a,1\r\nb");
      yield euro.subarray(0, 1);
      yield Buffer.concat([euro.subarray(1), Buffer.from(",2\nc")]);
    }
    expect(await collect(boundedLines(split(), 100, "r"))).toEqual(["a,1", "b€,2", "c"]);
  });

  it("refuses a line over the bound, even one that never ends", async () => {
    await expect(collect(boundedLines(chunks("ok\n", "x".repeat(50)), 10, "the report"))).rejects.toThrow(
      "the report has a line over 10 bytes.",
    );
  });
});
