import { SharedScanView } from "@/components/share/shared-scan-view";
import { EmptyState } from "@/components/ui/empty-state";
import { sharedScan } from "@/lib/api/share";
import { looksLikeToken } from "@/lib/auth/tokens";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string }> };

// A read-only view of one scan for whoever holds the link: no sign-in, no fix controls, nothing else reachable.
export default async function SharePage({ params }: Props) {
  const { token } = await params;
  let shared: Awaited<ReturnType<typeof sharedScan>> | null = null;
  try {
    shared = looksLikeToken(token) ? await sharedScan(getDb(), token) : null;
  } catch {
    shared = null;
  }
  if (!shared) {
    return (
      <EmptyState title="This share link is not valid">
        It may have expired or been revoked: ask for a new one.
      </EmptyState>
    );
  }
  return <SharedScanView token={token} initial={shared} />;
}
