// An endpoint that accepts the connection and never answers (a hung gateway, a black-holed proxy): a listing with a
// deadline gives up when the time is up, so a page that waits on it can show what is stored instead.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listBuckets } from "@/lib/aws/buckets";
import { withStaticKeys } from "@/lib/aws/static-keys.test-helper";
import type { AddressInfo } from "node:net";

const sockets = new Set<net.Socket>();
const silent = net.createServer((socket) => sockets.add(socket));

withStaticKeys("AKIDSILENT", "silent-secret");
beforeAll(() => new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve)));
afterAll(() => {
  for (const s of sockets) s.destroy();
  silent.close();
});

describe("listBuckets with a deadline", () => {
  it("reports an endpoint that never answers as out of reach once the deadline passes", async () => {
    const started = Date.now();
    const listing = listBuckets(
      {
        profile: null,
        roleArn: null,
        externalId: null,
        sessionName: "silent",
        region: "us-east-1",
        endpointUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        stsEndpointUrl: null,
        forcePathStyle: true,
      },
      400,
    );
    await expect(listing).rejects.toMatchObject({
      code: "upstream_unreachable",
      message: "S3 did not answer the bucket listing within 0.4 s",
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
