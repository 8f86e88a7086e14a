/** A bounded queue between a producer and workers, so memory stays flat however large the bucket. */
export class WorkQueue<T> {
  private items: T[] = [];
  private closed = false;
  private waitingForItems: (() => void)[] = [];
  private waitingForSpace: (() => void)[] = [];

  constructor(private readonly highWater: number) {}

  /** Adds an item, waiting for room; once the queue is closed (or cleared) the item is dropped. */
  async push(item: T): Promise<void> {
    while (this.items.length >= this.highWater && !this.closed) {
      await new Promise<void>((resolve) => this.waitingForSpace.push(resolve));
    }
    if (this.closed) return;
    this.items.push(item);
    this.notify(this.waitingForItems);
  }

  async take(): Promise<T | null> {
    for (;;) {
      const item = this.items.shift();
      if (item) {
        this.notify(this.waitingForSpace);
        return item;
      }
      if (this.closed) return null;
      await new Promise<void>((resolve) => this.waitingForItems.push(resolve));
    }
  }

  /** No more items will come; workers drain what is left and stop. */
  close(): void {
    this.closed = true;
    this.notify(this.waitingForItems);
    this.notify(this.waitingForSpace);
  }

  /** Drops everything still queued (cancellation): those rows stay pending in the database. */
  clear(): void {
    this.items = [];
    this.close();
  }

  private notify(list: (() => void)[]) {
    const waiting = list.splice(0);
    for (const resolve of waiting) resolve();
  }
}
