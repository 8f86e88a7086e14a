import { StringDecoder } from "node:string_decoder";
import { AppError } from "@/lib/errors";

/**
 * The lines of a byte stream from S3 (a report, a log), a chunk's worth at a time, never the whole file. A line
 * longer than `maxLineBytes` refuses the file: it is not what the producer writes, and buffering it could take any
 * memory. Batches keep the cost of a line low: a file of ten million empty lines is a few hundred batches.
 */
export async function* boundedLineBatches(
  body: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
  what: string,
): AsyncGenerator<string[]> {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  const tooLong = () => new AppError("bad_request", `${what} has a line over ${maxLineBytes} bytes.`);
  // A line's UTF-8 size is at most three bytes per UTF-16 unit: only a line that might be over is measured.
  const over = (line: string) => line.length * 3 > maxLineBytes && Buffer.byteLength(line) > maxLineBytes;
  for await (const chunk of body) {
    pending += decoder.write(Buffer.from(chunk));
    const batch: string[] = [];
    let start = 0;
    for (let at = pending.indexOf("\n"); at >= 0; at = pending.indexOf("\n", start)) {
      const line =
        pending.charCodeAt(at - 1) === 13 ? pending.slice(start, at - 1) : pending.slice(start, at);
      if (over(line)) throw tooLong();
      batch.push(line);
      start = at + 1;
    }
    pending = pending.slice(start);
    if (over(pending)) throw tooLong();
    if (batch.length > 0) yield batch;
  }
  pending += decoder.end();
  if (pending) yield [pending.replace(/\r$/, "")];
}

/** The same, a line at a time. */
export async function* boundedLines(
  body: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
  what: string,
): AsyncGenerator<string> {
  for await (const batch of boundedLineBatches(body, maxLineBytes, what)) yield* batch;
}
