import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import type { ReactNode } from "react";

/** A not-found page: what is missing, why it may be, and the way back home. */
export function NotFoundPanel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <EmptyState title={title}>
      {children}{" "}
      <Link href="/" className="underline">
        Back to the connections
      </Link>
    </EmptyState>
  );
}
