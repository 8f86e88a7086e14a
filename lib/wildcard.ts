/**
 * Whether `text` matches `pattern`, where `*` stands for any run of characters and (with `question`) `?` for any
 * one: IAM's action patterns, an admin's e-mail patterns. Matched by walking both strings once with backtracking
 * to the last `*` only (time at most pattern × text), never by a regular expression built from the pattern, whose
 * backtracking a pattern of many stars makes take minutes.
 */
export function matchesWildcard(
  pattern: string,
  text: string,
  o: { question?: boolean; ignoreCase?: boolean } = {},
): boolean {
  const p = [...(o.ignoreCase ? pattern.toLowerCase() : pattern)];
  const t = [...(o.ignoreCase ? text.toLowerCase() : text)];
  let i = 0;
  let j = 0;
  let star = -1;
  let resume = 0;
  while (j < t.length) {
    if (i < p.length && (p[i] === t[j] || (o.question && p[i] === "?"))) {
      i++;
      j++;
    } else if (i < p.length && p[i] === "*") {
      star = i++;
      resume = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++resume;
    } else return false;
  }
  while (i < p.length && p[i] === "*") i++;
  return i === p.length;
}
