// How often a bucket may be rescanned on a schedule: the server and the form check the same bounds, in words.

export const MIN_EVERY_HOURS = 0.25;
export const MAX_EVERY_HOURS = 24 * 31;

/** What is wrong with an interval typed into the schedule form, in words; null when it can be saved. */
export function everyHoursProblem(hours: number): string | null {
  if (!Number.isFinite(hours)) return "Type a number of hours, such as 24 or 0.5.";
  if (hours < MIN_EVERY_HOURS) return "Rescan at most every 15 minutes: type 0.25 hours or more.";
  if (hours > MAX_EVERY_HOURS) return "Rescan at least once a month: type 744 hours or fewer.";
  return null;
}
