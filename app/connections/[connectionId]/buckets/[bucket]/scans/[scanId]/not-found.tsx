import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export default function ScanNotFound() {
  return (
    <EmptyState title="No such scan of this bucket">
      The scan in the address does not exist, belongs to another bucket, or was made from the command line
      (those stay out of the web views).{" "}
      <Link href="/" className="underline">
        Back to the buckets
      </Link>
    </EmptyState>
  );
}
