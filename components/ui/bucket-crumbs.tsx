import Link from "next/link";

/** "Connection / bucket" above a bucket's sub-pages (audit log, diff, report), each part a link back. */
export function BucketCrumbs({
  connectionName,
  bucket,
  bucketHref,
}: {
  connectionName: string;
  bucket: string;
  bucketHref: string;
}) {
  return (
    <p className="text-sm text-slate-500 print:hidden">
      <Link href="/" className="hover:underline">
        {connectionName}
      </Link>{" "}
      /{" "}
      <Link href={bucketHref} className="hover:underline">
        {bucket}
      </Link>
    </p>
  );
}
