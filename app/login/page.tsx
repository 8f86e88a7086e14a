import { LoginForm } from "@/components/auth/login-form";
import { safeNextTarget } from "@/lib/auth/next-target";
import { getDb } from "@/lib/db";
import { countUsers } from "@/lib/db/auth";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ next?: string; link?: string }> };

export default async function LoginPage({ searchParams }: Props) {
  const { next, link } = await searchParams;
  const firstRun = countUsers(getDb()) === 0;
  // Only paths on this site: signing in must not send anyone elsewhere afterwards.
  const target = safeNextTarget(next);
  return (
    <div className="mx-auto max-w-sm space-y-4 pt-8">
      <h1 className="text-xl font-semibold">{firstRun ? "Create the first admin" : "Sign in"}</h1>
      {link === "invalid" && (
        <p role="alert" className="text-sm text-red-700">
          That sign-in link is not valid any more: links work once, for ten minutes.
        </p>
      )}
      {firstRun && (
        <p className="text-sm text-slate-600">
          Ownerscope has no users yet. Create the first admin with{" "}
          <code className="rounded bg-slate-100 px-1">
            npm run cli -- user add --username NAME --role admin
          </code>
          , or here with the bootstrap token the server was started with (OWNERSCOPE_BOOTSTRAP_TOKEN).
        </p>
      )}
      <LoginForm next={target} bootstrap={firstRun} />
    </div>
  );
}
