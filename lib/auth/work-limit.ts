import { AppError } from "@/lib/errors";

/**
 * Runs at most `running` tasks at once, queues up to `waiting` more, and refuses the rest at once (429): for work
 * that anyone may ask for, such as checking a password (tens of milliseconds and 32 MiB of scrypt each), so that a
 * flood of sign-ins cannot starve the server.
 */
export function workLimit(running: number, waiting: number, busy: string) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < running) active++;
    else if (queue.length < waiting) await new Promise<void>((resolve) => queue.push(resolve));
    else throw new AppError("too_many_requests", busy);
    try {
      return await task();
    } finally {
      // The slot goes straight to the next in the queue, so no newcomer slips in between.
      const next = queue.shift();
      if (next) next();
      else active--;
    }
  };
}
