/**
 * Where to go after signing in: a path on this site, or "/". The target is parsed against a placeholder origin and
 * kept only if it stays on it; backslashes, control characters and "//" are refused outright, since browsers read
 * "/\\host", "/\t/host" and "//host" as other hosts.
 */
export function safeNextTarget(next: string | null | undefined): string {
  if (!next || next.length > 2048) return "/";
  if (!next.startsWith("/") || next.startsWith("//")) return "/";
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return "/";
  const base = "http://ownerscope.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return "/";
  }
  if (url.origin !== base || url.pathname.startsWith("//")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
