import "server-only";
import {
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type ListObjectsV2CommandInput,
  type ListObjectVersionsCommandInput,
  type S3Client,
} from "@aws-sdk/client-s3";
import {
  EMPTY_OBJECTS_PAGE,
  EMPTY_VERSIONS_PAGE,
  isListing,
  ListingXmlError,
  parseObjectsPage,
  parseVersionsPage,
  type ListedXmlPage,
  type ListedXmlVersionsPage,
} from "@/lib/aws/listing-xml";

/** A listing page of 1,000 keys of the longest kind, percent-encoded, is a few megabytes; more is not a page. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

async function bodyText(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw new ListingXmlError(`the answer is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}

type Reader<T> = { isListing: (text: string) => boolean; parse: (text: string) => T; empty: Uint8Array };

const objectsReader: Reader<ListedXmlPage> = {
  isListing: (text) => isListing(text),
  parse: parseObjectsPage,
  empty: new TextEncoder().encode(EMPTY_OBJECTS_PAGE),
};
const versionsReader: Reader<ListedXmlVersionsPage> = {
  isListing: (text) => isListing(text, true),
  parse: parseVersionsPage,
  empty: new TextEncoder().encode(EMPTY_VERSIONS_PAGE),
};

/**
 * A middleware that has a successful listing's body read by `reader` instead of the SDK's parser. Everything else
 * stays the SDK's: signing, retries, redirects, and every error. It is the innermost step before the request is
 * sent, so it sees the body first: a body that is not a listing (S3 may send its error document with a 200) is left
 * for the SDK to turn into an error, as it would have. A listing is replaced by an empty one for the SDK to parse.
 */
const readWith =
  <T>(reader: Reader<T>, into: { page: T | null }) =>
  <A, R extends { response: unknown }>(next: (args: A) => Promise<R>) =>
  async (args: A): Promise<R> => {
    const result = await next(args);
    const response = result.response as { statusCode?: number; body?: unknown };
    into.page = null;
    if (response?.statusCode !== 200 || response.body === undefined) return result;
    // The Node request handler's body: a stream of Buffers.
    const text = await bodyText(response.body as AsyncIterable<Buffer>);
    if (!reader.isListing(text)) {
      response.body = new TextEncoder().encode(text);
      return result;
    }
    into.page = reader.parse(text);
    response.body = reader.empty;
    return result;
  };

const readerStep = { step: "deserialize", priority: "low", name: "ownerscopeListingReader" } as const;

/** One ListObjectsV2 page, keys asked for URL-encoded, read by lib/aws/listing-xml.ts. */
export async function listObjectsLean(
  client: S3Client,
  input: Omit<ListObjectsV2CommandInput, "EncodingType">,
  signal?: AbortSignal,
): Promise<ListedXmlPage> {
  const command = new ListObjectsV2Command({ ...input, EncodingType: "url" });
  const read: { page: ListedXmlPage | null } = { page: null };
  command.middlewareStack.add(readWith(objectsReader, read), readerStep);
  await client.send(command, { abortSignal: signal });
  if (!read.page) throw new ListingXmlError("the answer is not a listing page");
  return read.page;
}

/** One ListObjectVersions page, keys asked for URL-encoded, read by lib/aws/listing-xml.ts. */
export async function listVersionsLean(
  client: S3Client,
  // No Delimiter: where the next page starts is read from the last entry, which folders would not be.
  input: Omit<ListObjectVersionsCommandInput, "EncodingType" | "Delimiter">,
  signal?: AbortSignal,
): Promise<ListedXmlVersionsPage> {
  const command = new ListObjectVersionsCommand({ ...input, EncodingType: "url" });
  const read: { page: ListedXmlVersionsPage | null } = { page: null };
  command.middlewareStack.add(readWith(versionsReader, read), readerStep);
  await client.send(command, { abortSignal: signal });
  if (!read.page) throw new ListingXmlError("the answer is not a listing page");
  return read.page;
}
