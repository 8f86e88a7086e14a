/**
 * Why an object may not be fixed by rule, or null when it may: S3 itself (its LastModified, read right before the
 * fix) must show it was written after watching began and within the window its arrival was reported in. An event
 * is only someone's word that an object arrived; without this, anyone holding the intake's secret could make
 * Ownerscope rewrite objects that had been in the bucket all along.
 */
export function ruleRefusal(
  lastModified: string | null | undefined,
  window: { arrivedAfter: string | null; arrivedBefore: string | null },
  watchingSince: string,
): string | null {
  if (!lastModified) return "not fixed by rule: S3 did not say when the object was written";
  if (!window.arrivedAfter || !window.arrivedBefore)
    return "not fixed by rule: it was not reported as it arrived";
  const written = Date.parse(lastModified);
  const from = Math.max(Date.parse(window.arrivedAfter), Date.parse(watchingSince));
  if (written < from || written > Date.parse(window.arrivedBefore))
    return `not fixed by rule: S3 says it was last written at ${lastModified}, not when its arrival was reported`;
  return null;
}

// How long before its event an object may have been written and still count as reported on arrival (a sender's
// retries, a queue); older objects come into the live record only through a catch-up, which knows its gap.
const EVENT_LAG_MS = 60 * 60_000;
// Clocks differ: S3's against Ownerscope's.
const SKEW_MS = 2 * 60_000;

/**
 * Why an event's object does not join the live record as an arrival, or null when it does: S3's LastModified must
 * show it was written after watching began and not long before the event came. Without this, anyone holding the
 * intake's secret could list objects that were there all along as new arrivals, with a writer and time of their
 * choosing.
 */
export function eventRefusal(
  lastModified: string | null | undefined,
  receivedAt: string,
  watchingSince: string,
): string | null {
  if (!lastModified) return null;
  const written = Date.parse(lastModified);
  const from = Math.max(Date.parse(watchingSince), Date.parse(receivedAt) - EVENT_LAG_MS) - SKEW_MS;
  if (written < from || written > Date.parse(receivedAt) + SKEW_MS)
    return `S3 says it was last written at ${lastModified}, not when its event came`;
  return null;
}
