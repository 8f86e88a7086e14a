import http from "node:http";
import { ListObjectsV2Command, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listObjectsLean, listVersionsLean } from "@/lib/aws/list-lean";
import {
  ListingXmlError,
  parseObjectsPage,
  parseVersionsPage,
  type ListedXmlObject,
  type ListedXmlVersion,
} from "@/lib/aws/listing-xml";
import { urlKey, xmlText } from "@/lib/aws/xml-text";
import type { AddressInfo } from "node:net";

// How each server writes a page. AWS with EncodingType=url: a space as "+", everything else but unreserved
// characters percent-escaped (so "+" is "%2B"). Ceph's gateway: a space as "%20". Without EncodingType: the key as
// XML text, characters XML cannot carry raw written as numeric references (as Ceph does).
type Style = "aws-url" | "ceph-url" | "plain";

const xmlEscape = (text: string) =>
  text.replace(/[&<>"']|[\u0000-\u0008\u000b\u000c\u000e-\u001f\r]/g, (c) =>
    c === "&"
      ? "&amp;"
      : c === "<"
        ? "&lt;"
        : c === ">"
          ? "&gt;"
          : c === '"'
            ? "&quot;"
            : c === "'"
              ? "&apos;"
              : `&#x${c.codePointAt(0)!.toString(16).padStart(2, "0")};`,
  );

function keyAs(key: string, style: Style): string {
  if (style === "plain") return xmlEscape(key);
  const encoded = encodeURIComponent(key).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  // "'" stays raw under Ceph's encoding and is then escaped as XML (measured: "&apos;" inside an encoded key).
  return style === "aws-url" ? encoded.replaceAll("%20", "+") : xmlEscape(encoded.replaceAll("%27", "'"));
}

const ownerXml = (o: { ownerId: string | null; ownerDisplayName: string | null }) =>
  o.ownerId === null
    ? ""
    : `<Owner><ID>${xmlEscape(o.ownerId)}</ID>${o.ownerDisplayName ? `<DisplayName>${xmlEscape(o.ownerDisplayName)}</DisplayName>` : ""}</Owner>`;

const objectXml = (
  o: Omit<ListedXmlObject, "storageClass"> & { storageClass: string | null },
  style: Style,
) =>
  `<Key>${keyAs(o.key, style)}</Key>` +
  (o.lastModified ? `<LastModified>${o.lastModified}</LastModified>` : "") +
  (o.etag === null ? "" : `<ETag>${xmlEscape(o.etag)}</ETag>`) +
  (o.storageClass === null ? "" : `<Size>${o.size}</Size><StorageClass>${o.storageClass}</StorageClass>`) +
  ownerXml(o);

const documentXml = (root: string, head: string, entries: string, fieldsLast: boolean, count: number) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix></Prefix><MaxKeys>1000</MaxKeys>` +
  `${fieldsLast ? entries + head : head + entries}<KeyCount>${count}</KeyCount></${root}>`;

const encodingXml = (style: Style) => (style === "plain" ? "" : "<EncodingType>url</EncodingType>");

function pageXml(
  objects: ListedXmlObject[],
  style: Style,
  page: { truncated: boolean; token: string | null; fieldsLast: boolean },
) {
  const head =
    encodingXml(style) +
    `<IsTruncated>${page.truncated}</IsTruncated>` +
    (page.token === null ? "" : `<NextContinuationToken>${xmlEscape(page.token)}</NextContinuationToken>`);
  const entries = objects
    .map((o) => `<Contents>${objectXml(o, style)}<Type>Normal</Type></Contents>`)
    .join("");
  return documentXml("ListBucketResult", head, entries, page.fieldsLast, objects.length);
}

/** S3 names the page's last entry as where the next begins; Ceph writes that key unencoded even under url. */
function versionsXml(versions: ListedXmlVersion[], style: Style, truncated: boolean, fieldsLast: boolean) {
  const last = versions.at(-1);
  const head =
    encodingXml(style) +
    `<IsTruncated>${truncated}</IsTruncated>` +
    (truncated && last
      ? `<NextKeyMarker>${style === "ceph-url" ? xmlEscape(last.key) : keyAs(last.key, style)}</NextKeyMarker>` +
        `<NextVersionIdMarker>${xmlEscape(last.versionId)}</NextVersionIdMarker>`
      : "");
  const entries = versions
    .map((v) => {
      const tag = v.deleteMarker ? "DeleteMarker" : "Version";
      const latest = v.isLatest === null ? "" : `<IsLatest>${v.isLatest}</IsLatest>`;
      return `<${tag}>${objectXml(v, style)}<VersionId>${xmlEscape(v.versionId)}</VersionId>${latest}</${tag}>`;
    })
    .join("");
  return documentXml("ListVersionsResult", head, entries, fieldsLast, versions.length);
}

// Keys of any code point but lone surrogates: controls XML cannot carry, spaces and pluses (the two encodings
// differ on them), percent signs, the five XML specials, astral characters.
const keyArb = fc.oneof(
  fc
    .string({ unit: "binary", minLength: 1, maxLength: 16 })
    .filter((k) => k.isWellFormed() && !k.includes("\u0000")),
  fc.stringMatching(/^[ +%&<>"'a\u0001\r\n\t😀é]{1,10}$/u),
);
const text = fc.string({ unit: "grapheme", maxLength: 12 });
const objectArb: fc.Arbitrary<ListedXmlObject> = fc.record({
  key: keyArb,
  // Canonical IDs are hex on AWS and "tenant$user" on Ceph; any text is read back the same.
  ownerId: fc.option(
    fc.oneof(
      fc.stringMatching(/^[0-9a-z$:-]{1,64}$/),
      text.filter((t) => t.length > 0),
    ),
    {
      nil: null,
    },
  ),
  ownerDisplayName: fc.option(
    text.filter((t) => t.length > 0),
    { nil: null },
  ),
  size: fc.maxSafeNat(),
  lastModified: fc.option(
    fc
      .date({ min: new Date("2006-03-01"), max: new Date("2100-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString()),
    { nil: null },
  ),
  storageClass: fc.constantFrom("STANDARD", "GLACIER", "INTELLIGENT_TIERING"),
  etag: fc.option(
    fc.stringMatching(/^[0-9a-f]{32}(-[0-9]{1,4})?$/).map((e) => `"${e}"`),
    { nil: null },
  ),
});
// An owner's display name only comes with an owner.
const consistent = (o: ListedXmlObject): ListedXmlObject =>
  o.ownerId === null ? { ...o, ownerDisplayName: null } : o;
const pageArb = fc.record({
  objects: fc.array(objectArb.map(consistent), { maxLength: 30 }),
  style: fc.constantFrom<Style>("aws-url", "ceph-url", "plain"),
  truncated: fc.boolean(),
  token: fc.option(
    text.filter((t) => t.length > 0),
    { nil: null },
  ),
  fieldsLast: fc.boolean(),
});

const versionArb: fc.Arbitrary<ListedXmlVersion> = fc
  .record({
    object: objectArb.map(consistent),
    versionId: fc.oneof(fc.constant("null"), fc.stringMatching(/^[0-9A-Za-z._-]{1,32}$/)),
    isLatest: fc.option(fc.boolean(), { nil: null }),
    deleteMarker: fc.boolean(),
  })
  .map(({ object, versionId, isLatest, deleteMarker }) => ({
    ...object,
    versionId,
    isLatest,
    deleteMarker,
    ...(deleteMarker ? { size: 0, storageClass: null, etag: null } : {}),
  }));
const versionsPageArb = fc.record({
  versions: fc.array(versionArb, { maxLength: 30 }),
  style: fc.constantFrom<Style>("aws-url", "ceph-url", "plain"),
  truncated: fc.boolean(),
  fieldsLast: fc.boolean(),
});
const nextOf = (versions: ListedXmlVersion[], truncated: boolean) => {
  const last = versions.at(-1);
  return truncated && last ? { keyMarker: last.key, versionIdMarker: last.versionId } : null;
};
// A page is read versions first, then delete markers.
const inReadOrder = (versions: ListedXmlVersion[]) => [
  ...versions.filter((v) => !v.deleteMarker),
  ...versions.filter((v) => v.deleteMarker),
];

describe("parseVersionsPage", () => {
  it("reads back every version and delete marker, and where the next page starts", () => {
    fc.assert(
      fc.property(versionsPageArb, ({ versions, style, truncated, fieldsLast }) => {
        fc.pre(!truncated || versions.length > 0);
        const page = parseVersionsPage(versionsXml(versions, style, truncated, fieldsLast));
        expect(page.versions).toEqual(inReadOrder(versions));
        expect(page.next).toEqual(nextOf(versions, truncated));
      }),
      { numRuns: 200 },
    );
  });

  it("goes on from S3's own marker only when a truncated page has no entry", () => {
    const xml =
      '<?xml version="1.0"?><ListVersionsResult><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>' +
      "<NextKeyMarker>a+b%2B</NextKeyMarker><NextVersionIdMarker>v1</NextVersionIdMarker></ListVersionsResult>";
    expect(parseVersionsPage(xml).next).toEqual({ keyMarker: "a b+", versionIdMarker: "v1" });
    expect(() => parseVersionsPage(xml.replace(/<NextKeyMarker>.*<\/NextKeyMarker>/, ""))).toThrow(/nowhere/);
  });
});

describe("parseObjectsPage", () => {
  it("reads back every entry as each server writes it", () => {
    fc.assert(
      fc.property(pageArb, ({ objects, style, truncated, token, fieldsLast }) => {
        const page = parseObjectsPage(pageXml(objects, style, { truncated, token, fieldsLast }));
        expect(page.objects).toEqual(objects);
        expect(page.truncated).toBe(truncated);
        expect(page.nextContinuationToken).toBe(token);
      }),
      { numRuns: 300 },
    );
  });

  it("reads the folders of a page listed with a delimiter, encoded like its keys", () => {
    const xml =
      '<?xml version="1.0"?><ListBucketResult><Prefix>a</Prefix><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>' +
      "<CommonPrefixes><Prefix>run+books/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>%ED%95%9C/</Prefix></CommonPrefixes></ListBucketResult>";
    expect(parseObjectsPage(xml)).toEqual({
      objects: [],
      folders: ["run books/", "한/"],
      truncated: false,
      nextContinuationToken: null,
    });
  });

  it("refuses what it cannot read rather than guess a key", () => {
    const page = (key: string, encoded = true) =>
      `<?xml version="1.0"?><ListBucketResult>${encoded ? "<EncodingType>url</EncodingType>" : ""}<Contents><Key>${key}</Key><Size>1</Size></Contents></ListBucketResult>`;
    expect(() => parseObjectsPage(page("%E0%A4"))).toThrow(ListingXmlError);
    expect(() => parseObjectsPage(page("a&#xd800;b", false))).toThrow(/unknown reference/);
    expect(() => parseObjectsPage(page("a&nbsp;", false))).toThrow(/unknown reference/);
    expect(() => parseObjectsPage(page("a</Contents>", false).replace("</Key>", ""))).toThrow(/not closed/);
    expect(() => parseObjectsPage("<Error><Code>SlowDown</Code></Error>")).toThrow(/not a ListBucketResult/);
    expect(() => parseObjectsPage(page("a").replace("<Size>1", "<Size>-1"))).toThrow(/count of bytes/);
  });

  // Found by attacking the reader with pages a hostile or careless endpoint could send: each was read as something
  // else than it says (a key the SDK reads otherwise, a phantom entry, a page read as empty or complete).
  it.each([
    ["a key in CDATA", "<Contents><Key><![CDATA[x]]></Key><Size>1</Size></Contents>"],
    ["a comment in a key", "<Contents><Key>a<!-- c -->b</Key><Size>1</Size></Contents>"],
    ["a phantom entry in a comment", "<!-- <Contents><Key>phantom</Key><Size>1</Size></Contents> -->"],
    [
      "a key inside a display name",
      "<Contents><Owner><ID>o</ID><DisplayName><Key>evil</Key></DisplayName></Owner><Key>real</Key><Size>1</Size></Contents>",
    ],
    ["two keys in one entry", "<Contents><Key>a</Key><Key>b</Key><Size>1</Size></Contents>"],
    ["a reference with trailing letters", "<Contents><Key>&#x41zz;</Key><Size>1</Size></Contents>"],
    ["a reference with a space", "<Contents><Key>&# 65;</Key><Size>1</Size></Contents>"],
    ["a reference with a sign", "<Contents><Key>&#+65;</Key><Size>1</Size></Contents>"],
    ["a reference in two bases", "<Contents><Key>&#x0x41;</Key><Size>1</Size></Contents>"],
    [
      "an entry with attributes",
      '<IsTruncated>true</IsTruncated><Contents foo="1"><Key>a</Key><Size>1</Size></Contents>',
    ],
    ["an entry with a namespace prefix", "<s3:Contents><s3:Key>a</s3:Key></s3:Contents>"],
    [
      "a flag S3 does not write",
      "<IsTruncated>True</IsTruncated><Contents><Key>a</Key><Size>1</Size></Contents>",
    ],
    ["more keys counted than read", "<KeyCount>2</KeyCount><Contents><Key>a</Key><Size>1</Size></Contents>"],
    ["an empty size", "<Contents><Key>a</Key><Size></Size></Contents>"],
  ])("refuses %s", (_what, body) => {
    expect(() =>
      parseObjectsPage(`<?xml version="1.0"?><ListBucketResult>${body}</ListBucketResult>`),
    ).toThrow(ListingXmlError);
  });

  it("reads a date only when it is one", () => {
    const page = (date: string) =>
      parseObjectsPage(
        `<ListBucketResult><Contents><Key>a</Key><LastModified>${date}</LastModified><Size>1</Size></Contents></ListBucketResult>`,
      ).objects[0]!.lastModified;
    expect(page("2009-10-12T17:50:30.000Z")).toBe("2009-10-12T17:50:30.000Z");
    expect(page("2009-10-12T17:50:30Z")).toBe("2009-10-12T17:50:30.000Z");
    expect(page("1")).toBeNull();
  });

  it("knows its root only by name, wherever the declaration leaves it", () => {
    const body = "<Contents><Key>a</Key><Size>1</Size></Contents>";
    const pad = " ".repeat(250);
    expect(
      parseObjectsPage(
        `\uFEFF<?xml version='1.0' encoding='UTF-8' ${pad}?>\n<ListBucketResult>${body}</ListBucketResult>`,
      ).objects,
    ).toHaveLength(1);
    expect(() => parseObjectsPage(`<ListBucketResultX>${body}</ListBucketResultX>`)).toThrow(
      /not a ListBucketResult/,
    );
  });

  // Every field is looked up within its entry: a page whose entries lack one (AWS no longer writes DisplayName) once
  // made each lookup run to the end of the page, a time in the square of the page's length.
  it("reads a page in time proportional to its length, whatever fields its entries lack", () => {
    const pageOf = (n: number) =>
      `<ListBucketResult>${"<Contents><Key>k</Key></Contents>".repeat(n)}</ListBucketResult>`;
    const fastest = (xml: string) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        parseObjectsPage(xml);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const [small, large] = [pageOf(2_000), pageOf(16_000)];
    fastest(small);
    // Eight times the entries: about eight times the time when linear, sixty-four when quadratic.
    expect(fastest(large) / fastest(small)).toBeLessThan(24);
  });

  it("decodes XML text and URL-encoded keys the way S3 writes them", () => {
    expect(xmlText("&quot;abc&quot;")).toBe('"abc"');
    expect(xmlText("&quot;a&amp;b&quot;")).toBe('"a&b"');
    expect(xmlText("x&#x01;y&#13;")).toBe("x\u0001y\r");
    expect(urlKey("a+b%2Bc")).toBe("a b+c");
    expect(urlKey("a%20b")).toBe("a b");
    expect(urlKey("%F0%9F%98%80")).toBe("😀");
  });
});

describe("listObjectsLean against the SDK's own reader", () => {
  // A local HTTP server answers every request with the page under test, so both readers read the same bytes.
  let body = "";
  let server: http.Server;
  let client: S3Client;
  const clientOf = (maxAttempts: number) =>
    new S3Client({
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts,
    });
  beforeAll(async () => {
    server = http.createServer((_, res) =>
      res.writeHead(200, { "content-type": "application/xml" }).end(body),
    );
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    client = clientOf(1);
  });
  afterAll(() => {
    client.destroy();
    server.close();
  });

  it("reads the same entries, keys, owners and page fields", async () => {
    await fc.assert(
      fc.asyncProperty(pageArb, async ({ objects, style, truncated, token, fieldsLast }) => {
        // The SDK's parser reads a text of white space alone as empty: a key "\n" written as XML text comes back
        // "" (one more reason keys are asked for URL-encoded). Such keys are left out of this comparison; the
        // test below holds that this reader keeps them.
        if (style === "plain" && objects.some((o) => o.key.trim() === "")) return;
        body = pageXml(objects, style, { truncated, token, fieldsLast });
        const lean = await listObjectsLean(client, { Bucket: "b", FetchOwner: true });
        const sdk = await client.send(new ListObjectsV2Command({ Bucket: "b", FetchOwner: true }));
        // The SDK hands URL-encoded keys back as they came: decoded here as a caller of the SDK has to.
        const sdkKey = (k: string) => (style === "plain" ? k : urlKey(k));
        expect(lean.objects).toEqual(
          (sdk.Contents ?? []).map((o) => ({
            key: sdkKey(o.Key!),
            ownerId: o.Owner?.ID ?? null,
            ownerDisplayName: o.Owner?.DisplayName || null,
            size: o.Size ?? 0,
            lastModified: o.LastModified?.toISOString() ?? null,
            storageClass: o.StorageClass ?? "STANDARD",
            etag: o.ETag ?? null,
          })),
        );
        expect(lean.truncated).toBe(Boolean(sdk.IsTruncated));
        expect(lean.nextContinuationToken).toBe(sdk.NextContinuationToken ?? null);
      }),
      { numRuns: 60 },
    );
  });

  it("reads the same versions, delete markers and next markers", async () => {
    await fc.assert(
      fc.asyncProperty(versionsPageArb, async ({ versions, style, truncated, fieldsLast }) => {
        if (style === "plain" && versions.some((v) => v.key.trim() === "")) return;
        if (truncated && versions.length === 0) return;
        // Ceph's unencoded marker is XML text too: white space alone is lost by the SDK's parser the same way.
        if (style === "ceph-url" && truncated && versions.at(-1)!.key.trim() === "") return;
        body = versionsXml(versions, style, truncated, fieldsLast);
        const lean = await listVersionsLean(client, { Bucket: "b" });
        const sdk = await client.send(new ListObjectVersionsCommand({ Bucket: "b" }));
        const sdkKey = (k: string) => (style === "plain" ? k : urlKey(k));
        const entry = (
          o: (typeof sdk.Versions & {})[number] & (typeof sdk.DeleteMarkers & {})[number],
          deleteMarker: boolean,
        ) => ({
          key: sdkKey(o.Key!),
          versionId: o.VersionId ?? "null",
          isLatest: o.IsLatest ?? null,
          deleteMarker,
          ownerId: o.Owner?.ID ?? null,
          ownerDisplayName: o.Owner?.DisplayName || null,
          size: deleteMarker ? 0 : (o.Size ?? 0),
          lastModified: o.LastModified?.toISOString() ?? null,
          storageClass: deleteMarker ? null : (o.StorageClass ?? "STANDARD"),
          etag: deleteMarker ? null : (o.ETag ?? null),
        });
        expect(lean.versions).toEqual([
          ...(sdk.Versions ?? []).map((v) => entry(v, false)),
          ...(sdk.DeleteMarkers ?? []).map((m) => entry(m, true)),
        ]);
        expect(lean.next).toEqual(
          sdk.IsTruncated && sdk.NextKeyMarker
            ? {
                // Ceph's marker comes unencoded (see versionsXml), AWS's encoded like its keys.
                keyMarker: style === "aws-url" ? urlKey(sdk.NextKeyMarker) : sdk.NextKeyMarker,
                versionIdMarker: sdk.NextVersionIdMarker ?? null,
              }
            : null,
        );
      }),
      { numRuns: 60 },
    );
  });

  it("keeps a key of white space alone that the SDK's parser reads as empty", async () => {
    const objects = [
      {
        key: "\n\t",
        ownerId: null,
        ownerDisplayName: null,
        size: 0,
        lastModified: null,
        storageClass: "STANDARD",
        etag: null,
      },
    ];
    body = pageXml(objects, "plain", { truncated: false, token: null, fieldsLast: false });
    expect((await listObjectsLean(client, { Bucket: "b" })).objects).toEqual(objects);
    expect((await client.send(new ListObjectsV2Command({ Bucket: "b" }))).Contents?.[0]?.Key).toBe("");
  });

  it("leaves an error the SDK's: S3's error document sent with a 200 is still an error", async () => {
    body =
      '<?xml version="1.0"?><Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>';
    await expect(listObjectsLean(client, { Bucket: "b" })).rejects.toMatchObject({ name: "InternalError" });
  });
});
