/**
 * Cuts the elements of a JSON document's top-level "Records" array (a CloudTrail file: `{"Records":[{…},{…}]}`) out
 * of its bytes as they stream in, so that no file is ever one string or one parsed tree: each element is handed
 * over as its own text, and an element larger than `maxElementBytes` is passed over (counted) without being kept.
 * Structural characters are ASCII, so the bytes are scanned as they are, multi-byte characters included.
 */
const MAX_KEY = 16;

export class RecordsSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Reading the top-level object: the last key seen at depth 1, while it is being read or awaits its value. */
  private key: number[] | null = null;
  private lastKey = "";
  private awaitingKey = false;
  private inRecords = false;
  private element: Buffer[] = [];
  private elementBytes = 0;
  private inElement = false;
  private elementTooLarge = false;
  oversized = 0;

  constructor(private readonly maxElementBytes: number) {}

  /** Feeds the next bytes; `onElement` gets the text of each whole element, in order. */
  push(chunk: Buffer, onElement: (text: string) => void): void {
    // Where the current element's bytes begin in this chunk (at its start, for one begun in an earlier chunk).
    let from = this.inElement ? 0 : -1;
    const keep = (end: number) => {
      if (!this.inElement || from < 0) return;
      this.elementBytes += end - from;
      if (this.elementBytes > this.maxElementBytes) this.elementTooLarge = true;
      else this.element.push(chunk.subarray(from, end));
    };
    const finish = (end: number) => {
      keep(end);
      if (this.elementTooLarge) this.oversized++;
      else onElement(Buffer.concat(this.element).toString("utf8"));
      this.element = [];
      this.elementBytes = 0;
      this.inElement = false;
      this.elementTooLarge = false;
      from = -1;
    };
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (this.inString) {
        // Only "Records" matters among the keys: a longer key is never kept whole (a key can be gigabytes long).
        if (this.key && this.depth === 1 && this.key.length <= MAX_KEY) this.key.push(c);
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) {
          this.inString = false;
          if (this.key && this.depth === 1) {
            this.key.pop();
            this.lastKey = Buffer.from(this.key).toString("utf8");
            this.key = null;
          }
        }
        continue;
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
      // An element of Records starts at its first character at depth 2.
      if (this.inRecords && this.depth === 2 && !this.inElement && c !== 0x2c && c !== 0x5d) {
        this.inElement = true;
        from = i;
      }
      if (c === 0x22) {
        this.inString = true;
        // A string at depth 1 that is not a value is a key (values follow a colon; keys follow { or ,).
        if (this.depth === 1 && this.awaitingKey) this.key = [];
        continue;
      }
      if (c === 0x3a) {
        this.awaitingKey = false;
        continue;
      }
      if (c === 0x7b || c === 0x5b) {
        if (this.depth === 1 && c === 0x5b && this.lastKey === "Records" && !this.awaitingKey)
          this.inRecords = true;
        this.depth++;
        if (this.depth === 1) this.awaitingKey = true;
        continue;
      }
      if (c === 0x7d || c === 0x5d) {
        this.depth--;
        if (this.inRecords && this.depth === 2 && this.inElement) finish(i + 1);
        else if (this.inRecords && this.depth === 1) {
          if (this.inElement) finish(i); // a last primitive element, ended by "]"
          this.inRecords = false;
        }
        continue;
      }
      if (c === 0x2c) {
        if (this.depth === 1) {
          this.awaitingKey = true;
          this.lastKey = "";
        }
        if (this.inRecords && this.depth === 2 && this.inElement) finish(i);
      }
    }
    keep(chunk.length);
  }
}
