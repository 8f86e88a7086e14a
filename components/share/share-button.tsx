"use client";

import { useState } from "react";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Time } from "@/components/ui/time";
import { useShareLinks } from "@/lib/queries/share";

/** Makes a read-only link to this scan's current view; lists the links made, with who made them, and revokes. */
export function ShareButton({ scanId, view }: { scanId: number; view: Record<string, string | undefined> }) {
  const [open, setOpen] = useState(false);
  const [made, setMade] = useState<string | null>(null);
  const { links, create, revoke } = useShareLinks(scanId, open);
  const makeLink = () =>
    create.mutate(
      Object.fromEntries(Object.entries(view).filter((e): e is [string, string] => Boolean(e[1]))),
      {
        onSuccess: (r) => setMade(`${window.location.origin}${r.path}`),
      },
    );
  return (
    <span className="relative">
      <button
        type="button"
        onClick={() => setOpen(!open)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 font-medium"
      >
        Share
      </button>
      {open && (
        <div className="absolute right-0 z-10 mt-1 w-[28rem] space-y-2 rounded-lg border border-slate-200 bg-white p-3 text-xs shadow-lg">
          <p>
            A read-only link to this scan with the current filters, for a teammate without operator rights. It
            expires in 7 days.
          </p>
          <button
            type="button"
            onClick={makeLink}
            className="rounded bg-slate-900 px-2 py-1 font-medium text-white"
          >
            Create link
          </button>
          {made && (
            <input
              aria-label="Share link"
              readOnly
              value={made}
              onFocus={(e) => e.target.select()}
              className="w-full rounded border border-slate-300 px-1 py-0.5 font-mono"
            />
          )}
          {create.error && <ErrorPanel message={create.error.message} />}
          <ul className="divide-y divide-slate-100" aria-label="Share links">
            {(links.data ?? []).map((l) => (
              <li key={l.id} data-testid="share-link" className="flex items-center justify-between py-1">
                <span>
                  #{l.id} by {l.createdBy ?? "a deleted user"} · expires <Time at={l.expiresAt} relative />
                  {l.revokedAt ? " · revoked" : ""}
                </span>
                {!l.revokedAt && (
                  <button
                    type="button"
                    onClick={() => revoke.mutate(l.id)}
                    className="rounded border border-slate-300 px-1.5"
                  >
                    Revoke
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </span>
  );
}
