import Link from "next/link";
import { ConnectionForm } from "@/components/connections/connection-form";
import { pageUser } from "@/lib/api/session";

export const dynamic = "force-dynamic";

export default async function NewConnectionPage() {
  await pageUser("admin", "/connections/new");
  return (
    <div className="max-w-4xl space-y-4">
      <p className="text-sm text-slate-500">
        <Link href="/" className="hover:underline">
          Connections
        </Link>{" "}
        / new
      </p>
      <h1 className="text-2xl font-semibold">Add a connection</h1>
      <p className="text-sm text-slate-600">
        A connection reaches the bucket owner&apos;s account through a profile (or the default chain) and an
        optional read role. It stores references only: keys stay in the AWS config files or the environment.
      </p>
      <ConnectionForm existing={null} />
    </div>
  );
}
