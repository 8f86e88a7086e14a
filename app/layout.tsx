import Link from "next/link";
import { UserMenu } from "@/components/auth/user-menu";
import { Providers } from "@/components/providers";
import { AppNav } from "@/components/ui/app-nav";
import { currentUser } from "@/lib/api/session";
import { allows } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "Ownerscope",
  description: "Find and fix S3 objects stranded by cross-account writes",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Behind an SSO proxy, a request that did not come through it is refused here, for every page.
  let user: Awaited<ReturnType<typeof currentUser>> = null;
  let refused: string | null = null;
  try {
    user = await currentUser();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    refused = error.message;
  }
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <Providers>
          <a
            href="#main"
            className="sr-only rounded bg-white px-3 py-2 text-sm font-medium focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-40"
          >
            Skip to content
          </a>
          <header className="border-b border-slate-200 bg-white print:hidden">
            <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-1 px-3 py-3 sm:px-6">
              <Link href="/" className="text-lg font-semibold tracking-tight">
                Ownerscope
              </Link>
              <span className="hidden text-sm text-slate-500 lg:inline">
                who owns the keys in your buckets
              </span>
              {user && <AppNav isAdmin={allows(user.role, "admin")} />}
              {user && <UserMenu username={user.username} role={user.role} />}
            </div>
          </header>
          <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-3 py-4 focus:outline-none sm:px-6">
            {refused ? (
              <p role="alert" className="text-sm text-red-700">
                Access refused: {refused}
              </p>
            ) : (
              children
            )}
          </main>
        </Providers>
      </body>
    </html>
  );
}
