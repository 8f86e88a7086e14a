"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/queries/fetch-json";

/**
 * A failure, in the app's one error display. Trying again is offered only where it can help: what the server says
 * is not there (a 404) gets the way back instead.
 */
export function ErrorPanel({
  message,
  error,
  onRetry,
  back = { href: "/", label: "Back to the overview" },
}: {
  message: string;
  /** The failure itself, when there is one: a 404 is not retried. */
  error?: unknown;
  onRetry?: () => void;
  back?: { href: string; label: string };
}) {
  const missing = error instanceof ApiError && error.status === 404;
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
      <p>{message}</p>
      {missing ? (
        <Link href={back.href} className="mt-3 inline-block font-medium underline">
          {back.label}
        </Link>
      ) : (
        onRetry && (
          <Button onClick={onRetry} variant="secondary" className="mt-3">
            Try again
          </Button>
        )
      )}
    </div>
  );
}
