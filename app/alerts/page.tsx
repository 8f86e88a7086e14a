import { Suspense } from "react";
import { AlertsPage } from "@/components/alerts/alerts-page";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { pageUser } from "@/lib/api/session";
import { allows } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";

export default async function AlertsRoute() {
  const user = await pageUser("viewer", "/alerts");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Alerts</h1>
      <Suspense fallback={<SkeletonRows />}>
        <AlertsPage canOperate={allows(user.role, "operator")} isAdmin={allows(user.role, "admin")} />
      </Suspense>
    </div>
  );
}
