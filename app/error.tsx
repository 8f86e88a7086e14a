"use client";

import { ErrorPanel } from "@/components/ui/error-panel";

export default function PageError({ reset }: { error: Error; reset: () => void }) {
  return (
    <ErrorPanel
      message="This page could not be shown. Try again, or go back to the connections."
      onRetry={reset}
    />
  );
}
