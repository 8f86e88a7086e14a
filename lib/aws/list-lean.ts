import "server-only";
import { ListObjectsV2Command, type ListObjectsV2CommandInput, type S3Client } from "@aws-sdk/client-s3";
import {
  EMPTY_OBJECTS_PAGE,
  isListing,
  ListingXmlError,
  parseObjectsPage,
  type ListedXmlPage,
} from "@/lib/aws/listing-xml";

/** A listing page of 1,000 keys of the longest kind, percent-encoded, is a few megabytes; more is not a page. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

async function bodyText(body: unknown): Promise<string> {
  if (body instanceof Uint8Array)
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw new Error(`the response is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Has a successful listing's body read by `parse` instead of the SDK's parser. Everything else stays the SDK's:
 * signing, retries, redirects, and every error. This reader is the innermost step before the request is sent, so it
 * sees the body first: a body that is not a listing (S3 may send its error document with a 200) is left for the
 * SDK to turn into an error, as it would have. A listing is replaced by an empty one for the SDK to parse.
 */
function readListingWith(command: ListObjectsV2Command, parse: (text: string) => ListedXmlPage) {
  let parsed: ListedXmlPage | null = null;
  const emptyBytes = new TextEncoder().encode(EMPTY_OBJECTS_PAGE);
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; body?: unknown };
      parsed = null;
      if (response?.statusCode !== 200 || response.body === undefined) return result;
      const text = await bodyText(response.body);
      if (!isListing(text)) {
        response.body = new TextEncoder().encode(text);
        return result;
      }
      parsed = parse(text);
      response.body = emptyBytes;
      return result;
    },
    { step: "deserialize", priority: "low", name: "ownerscopeListingReader" },
  );
  return () => parsed;
}

/** One ListObjectsV2 page, keys asked for URL-encoded, read by lib/aws/listing-xml.ts. */
export async function listObjectsLean(
  client: S3Client,
  input: Omit<ListObjectsV2CommandInput, "EncodingType">,
  signal?: AbortSignal,
): Promise<ListedXmlPage> {
  const command = new ListObjectsV2Command({ ...input, EncodingType: "url" });
  const page = readListingWith(command, parseObjectsPage);
  await client.send(command, { abortSignal: signal });
  const read = page();
  if (!read) throw new ListingXmlError("the answer had no body");
  return read;
}
