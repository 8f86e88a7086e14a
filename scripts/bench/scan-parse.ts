// bench:scan, what reading a listing page costs the client. A few of the bucket's real pages are fetched once, then
// served from a local HTTP server, so only the client's work differs between three readers of the same bytes: the
// SDK's own (ListObjectsV2Command), Ownerscope's lean reader (lib/aws/list-lean.ts), and a reader that takes the body
// and parses nothing, the floor under both. The parse cost of a reader is its client CPU per page less the floor's.
import http from "node:http";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { listObjectsLean } from "@/lib/aws/list-lean";
import { fmt, verdict } from "./report";
import { rawClientOf } from "./scan-latency";
import type { Lab } from "../lab/lab-env";
import type { AddressInfo } from "node:net";

/** The bucket's first `count` pages of 1,000 keys with owners, as the endpoint wrote them. */
async function realPages(lab: Lab, bucket: string, count: number): Promise<string[]> {
  const client = rawClientOf(lab, 1);
  const pages: string[] = [];
  let token: string | undefined;
  do {
    const command = new ListObjectsV2Command({
      Bucket: bucket,
      ContinuationToken: token,
      FetchOwner: true,
      EncodingType: "url",
    });
    command.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const response = result.response as { body: AsyncIterable<Buffer> };
        const chunks: Buffer[] = [];
        for await (const chunk of response.body) chunks.push(chunk);
        const text = Buffer.concat(chunks);
        pages.push(text.toString("utf8"));
        (result.response as { body: unknown }).body = new Uint8Array(text);
        return result;
      },
      { step: "deserialize", priority: "low", name: "benchPageCopy" },
    );
    token = (await client.send(command)).NextContinuationToken;
  } while (token && pages.length < count);
  client.destroy();
  return pages;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

export type ParseCost = { pages: number; sdkMs: number; leanMs: number; floorMs: number };

export async function parseCost(lab: Lab, bucket: string, rounds = 5): Promise<ParseCost> {
  const pages = await realPages(lab, bucket, 10);
  let next = 0;
  const server = http.createServer((_, res) => res.writeHead(200).end(pages[next++ % pages.length]));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const client = new S3Client({
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  });
  const floorCommand = () => {
    const command = new ListObjectsV2Command({ Bucket: "b" });
    command.middlewareStack.add(
      (nextHandler) => async (args) => {
        const result = await nextHandler(args);
        const response = result.response as { body: AsyncIterable<Buffer> };
        for await (const chunk of response.body) void chunk;
        (result.response as { body: unknown }).body = new TextEncoder().encode("<ListBucketResult/>");
        return result;
      },
      { step: "deserialize", priority: "low", name: "benchBodyOnly" },
    );
    return command;
  };
  const readers = {
    sdk: () => client.send(new ListObjectsV2Command({ Bucket: "b" })),
    lean: () => listObjectsLean(client, { Bucket: "b" }),
    floor: () => client.send(floorCommand()),
  };
  const perPage = { sdk: [] as number[], lean: [] as number[], floor: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    for (const [name, read] of Object.entries(readers) as [keyof typeof readers, () => Promise<unknown>][]) {
      const since = process.cpuUsage();
      for (let i = 0; i < pages.length * 3; i++) await read();
      perPage[name].push(cpuMs(since) / (pages.length * 3));
    }
  }
  client.destroy();
  server.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    pages: pages.length,
    sdkMs: median(perPage.sdk),
    leanMs: median(perPage.lean),
    floorMs: median(perPage.floor),
  };
}

/** The report's lines: each reader's cost per page, and the share of a fast scan's client CPU that parsing takes. */
export function parseLines(cost: ParseCost, scan: { cpuMs: number; pages: number }): string[] {
  const sdkParse = cost.sdkMs - cost.floorMs;
  const leanParse = cost.leanMs - cost.floorMs;
  const share = (scan.pages * leanParse) / scan.cpuMs;
  const sdkShare = (scan.pages * sdkParse) / (scan.cpuMs - scan.pages * leanParse + scan.pages * sdkParse);
  return [
    `client CPU per 1,000-key page (same bytes from a local server, medians of 5): SDK ${fmt(cost.sdkMs, 2)} ms, lean reader ${fmt(cost.leanMs, 2)} ms, body alone ${fmt(cost.floorMs, 2)} ms`,
    `  parsing: SDK ${fmt(sdkParse, 2)} ms, lean ${fmt(leanParse, 2)} ms a page (${fmt(leanParse / sdkParse, 2)} of the SDK's; target <= 0.5: ${verdict(leanParse <= 0.5 * sdkParse)})`,
    `  share of the fast scan's client CPU (${fmt(scan.cpuMs)} ms, ${fmt(scan.pages)} pages) spent parsing pages: ${fmt(share * 100, 1)}% (with the SDK's parser it would be ${fmt(sdkShare * 100, 1)}%)`,
  ];
}
