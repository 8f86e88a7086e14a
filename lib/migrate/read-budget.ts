/**
 * What one reading of logs may take: decompressed bytes per file and in all, files, and time. Logs are the sender's
 * to shape (a 45 KB gzip can inflate to gigabytes; a prefix can hold millions of tiny files), so every reading is
 * bounded, and one that reaches a bound stops with what it has read so far, said to be partial.
 */
export type ReadLimits = { fileBytes: number; totalBytes: number; files: number; ms: number };
// The numbers are the server's settings (lib/env.ts: OWNERSCOPE_EVIDENCE_MAX_*).

/** A reading stopped at a bound (or by a cancel): what was read so far stands, and this says why it stopped. */
export class ReadStopped extends Error {}

export class ReadBudget {
  files = 0;
  bytes = 0;
  /** Files cut short at the per-file bound (the rest of each was not read): how many, and the first 20. */
  truncatedFiles = 0;
  truncated: string[] = [];
  /** Files whose rest was passed over because they are not what a log holds (a line over the bound), and why. */
  passedOver: string[] = [];
  private readonly started = Date.now();

  constructor(
    readonly limits: ReadLimits,
    private readonly signal?: AbortSignal,
  ) {}

  /** One more file is about to be read. */
  file(name: string): void {
    this.check();
    if (this.files >= this.limits.files)
      throw new ReadStopped(
        `stopped after ${this.limits.files.toLocaleString("en")} files (${name} and any after it were not read)`,
      );
    this.files++;
  }

  /** Time and a cancel, between pieces of work. */
  check(): void {
    if (this.signal?.aborted) throw new ReadStopped("cancelled");
    if (Date.now() - this.started > this.limits.ms)
      throw new ReadStopped(`stopped after ${Math.round(this.limits.ms / 60_000)} minutes of reading`);
  }

  /**
   * A file's decompressed bytes, counted as they come: past the per-file bound the file ends there (noted), past
   * the bound for the whole reading everything stops.
   */
  async *count(name: string, body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    let inFile = 0;
    for await (const chunk of body) {
      this.check();
      const room = Math.min(this.limits.fileBytes - inFile, this.limits.totalBytes - this.bytes);
      const piece = chunk.length > room ? chunk.subarray(0, Math.max(0, room)) : chunk;
      inFile += piece.length;
      this.bytes += piece.length;
      if (piece.length > 0) yield piece;
      if (this.bytes >= this.limits.totalBytes)
        throw new ReadStopped(
          `stopped after ${this.limits.totalBytes.toLocaleString("en")} decompressed bytes in all`,
        );
      if (inFile >= this.limits.fileBytes) {
        this.truncatedFiles++;
        if (this.truncated.length < 20) this.truncated.push(name);
        return;
      }
    }
  }

  /** The rest of one file is not read (it is not a log as its producer writes them); the reading goes on. */
  passOver(why: string): void {
    if (this.passedOver.length < 20) this.passedOver.push(why);
  }

  /** Why the result is partial, or null when every file was read whole. */
  partial(stopped: string | null): string | null {
    const cut = this.truncatedFiles
      ? `${this.truncatedFiles} file(s) over ${this.limits.fileBytes.toLocaleString("en")} decompressed bytes read only that far (${this.truncated.slice(0, 3).join(", ")})`
      : null;
    const passed = this.passedOver.length ? `passed over: ${this.passedOver.slice(0, 3).join("; ")}` : null;
    return [stopped, cut, passed].filter(Boolean).join("; ") || null;
  }
}
