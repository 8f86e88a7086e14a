export type Crumb = { label: string; prefix: string };

/** Breadcrumbs for a prefix: the bucket root, then one crumb per folder ("a/b/" gives root, a/, a/b/). */
export function breadcrumbs(bucket: string, prefix: string, delimiter = "/"): Crumb[] {
  const crumbs: Crumb[] = [{ label: bucket, prefix: "" }];
  let at = 0;
  while (at < prefix.length) {
    const next = prefix.indexOf(delimiter, at);
    const end = next === -1 ? prefix.length : next + delimiter.length;
    crumbs.push({
      label: prefix.slice(at, next === -1 ? prefix.length : next),
      prefix: prefix.slice(0, end),
    });
    at = end;
  }
  return crumbs;
}

/** The part of a key or folder below the current prefix, as shown in a listing. */
export function nameBelow(prefix: string, keyOrFolder: string): string {
  return keyOrFolder.startsWith(prefix) ? keyOrFolder.slice(prefix.length) : keyOrFolder;
}
