import "server-only";
import { AppError } from "@/lib/errors";

// Reading a request's body, bounded: on its own (no Next.js import), so that a plain Node process can serve the
// intake with the route's own handler.

// The largest JSON body a route reads; scripts/server.mjs refuses larger declared bodies before reading them.
const maxBodyBytes = 64 * 1024;

const tooLarge = () =>
  new AppError("payload_too_large", `The request body is over ${maxBodyBytes / 1024} KiB.`);

/**
 * The request's body as text, refused when it is too large: from its Content-Length before reading, and by counting
 * while reading one without.
 */
export async function readBody(request: Request): Promise<string> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBodyBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (let part = await reader?.read(); part && !part.done; part = await reader!.read()) {
    size += part.value.byteLength;
    if (size > maxBodyBytes) {
      await reader!.cancel();
      throw tooLarge();
    }
    chunks.push(part.value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The request's JSON body, refused when it is too large or not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  return parseJson(await readBody(request));
}

/** A body's text as JSON, or the one error for a body that is not. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
}

/** A Node request's body (a server's own handler), refused past the same bound as a route's. */
export async function readNodeBody(stream: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > maxBodyBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
