import Link from "next/link";
import { breadcrumbs } from "@/lib/ownership/prefix";

/** The bucket, then each folder of the prefix; every crumb but the last is a link. */
export function PrefixBreadcrumbs({
  bucket,
  prefix,
  hrefFor,
}: {
  bucket: string;
  prefix: string;
  hrefFor: (prefix: string) => string;
}) {
  return (
    <nav aria-label="Folder" className="flex shrink-0 flex-wrap items-center gap-1 text-sm">
      {breadcrumbs(bucket, prefix).map((c, i, all) => (
        <span key={c.prefix} className="flex items-center gap-1">
          {i > 0 && <span className="text-slate-500">/</span>}
          {i === all.length - 1 ? (
            <span aria-current="page" className="font-medium">
              {c.label}
            </span>
          ) : (
            <Link href={hrefFor(c.prefix)} prefetch={false} className="text-sky-700 hover:underline">
              {c.label}
            </Link>
          )}
        </span>
      ))}
    </nav>
  );
}
