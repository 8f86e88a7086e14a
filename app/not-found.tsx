import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <EmptyState title="Not found">
      That connection or bucket does not exist here.{" "}
      <Link href="/" className="underline">
        Back to the buckets
      </Link>
    </EmptyState>
  );
}
