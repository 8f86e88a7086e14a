"use client";

import { ErrorPanel } from "@/components/ui/error-panel";

export default function BucketError({ reset }: { error: Error; reset: () => void }) {
  return <ErrorPanel message="This bucket could not be shown." onRetry={reset} />;
}
