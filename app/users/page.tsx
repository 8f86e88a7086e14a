import { UsersPage } from "@/components/users/users-page";
import { pageUser } from "@/lib/api/session";

export const dynamic = "force-dynamic";

export default async function UsersRoute() {
  const user = await pageUser("admin", "/users");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Users</h1>
      <UsersPage self={user.username} />
    </div>
  );
}
