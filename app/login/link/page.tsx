import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { panelClass } from "@/components/ui/panel";
import { looksLikeToken } from "@/lib/auth/tokens";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ token?: string }> };

/**
 * A one-time sign-in link (issued by `ownerscope user login-link`) opens this page; only its button spends the
 * link. Mail scanners and link previews fetch links with GET: they must not use it up, nor receive a session.
 */
export default async function LoginLinkPage({ searchParams }: Props) {
  const { token } = await searchParams;
  const valid = typeof token === "string" && looksLikeToken(token);
  return (
    <div className="mx-auto max-w-sm space-y-4 pt-8">
      <h1 className="text-xl font-semibold">Sign in with a one-time link</h1>
      {valid ? (
        <form method="post" action="/api/auth/link" className={panelClass}>
          <p className="text-sm text-slate-600">This link works once, for ten minutes after it was made.</p>
          <Input type="hidden" name="token" value={token} />
          <Button type="submit" variant="primary" className="w-full">
            Sign in
          </Button>
        </form>
      ) : (
        <p role="alert" className="text-sm text-red-700">
          This is not a sign-in link. Ask for a new one.
        </p>
      )}
    </div>
  );
}
