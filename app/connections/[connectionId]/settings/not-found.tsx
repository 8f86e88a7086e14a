import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export default function ConnectionNotFound() {
  return (
    <EmptyState title="No such connection">
      No connection has the ID in the address.{" "}
      <Link href="/" className="underline">
        Back to the connections
      </Link>
    </EmptyState>
  );
}
