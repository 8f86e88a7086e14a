import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export default function BucketNotFound() {
  return (
    <EmptyState title="No such bucket here">
      This connection does not list a bucket by that name and has never scanned one (or the connection itself
      is not configured). Check the name in the address, or the connection&apos;s credentials under Settings
      and test.{" "}
      <Link href="/" className="underline">
        Back to the buckets
      </Link>
    </EmptyState>
  );
}
