import { StringDecoder } from "node:string_decoder";
import { AppError } from "@/lib/errors";

/**
 * The lines of a byte stream from S3 (a report, a log), a line at a time, never the whole file. A line longer than
 * `maxLineBytes` refuses the file: it is not what the producer writes, and buffering it could take any memory.
 */
export async function* boundedLines(
  body: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
  what: string,
): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  const tooLong = () => new AppError("bad_request", `${what} has a line over ${maxLineBytes} bytes.`);
  for await (const chunk of body) {
    pending += decoder.write(Buffer.from(chunk));
    let start = 0;
    for (let at = pending.indexOf("\n"); at >= 0; at = pending.indexOf("\n", start)) {
      const line = pending.slice(start, at).replace(/\r$/, "");
      if (Buffer.byteLength(line) > maxLineBytes) throw tooLong();
      yield line;
      start = at + 1;
    }
    pending = pending.slice(start);
    if (Buffer.byteLength(pending) > maxLineBytes) throw tooLong();
  }
  pending += decoder.end();
  if (pending) yield pending.replace(/\r$/, "");
}
