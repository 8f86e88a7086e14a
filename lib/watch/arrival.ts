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
