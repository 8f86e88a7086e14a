"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Input, Select } from "@/components/ui/field";
import { boxClass } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { viewInWords } from "@/lib/audit/view-words";
import { useShareLinks } from "@/lib/queries/share";

/** How long a new link lives (a day unless chosen; the server allows at most 7 days). */
const expiries = [
  { hours: 1, label: "1 hour" },
  { hours: 24, label: "1 day" },
  { hours: 24 * 7, label: "7 days" },
] as const;

/** What a link shows, in words: its filters, or the whole scan. */
const showsInWords = (view: Record<string, string | undefined>) => {
  const words = viewInWords(view);
  return words.length > 0 ? words.join(" · ") : "every finding of the scan";
};

/** Makes a read-only link to this scan's current view; lists the links made, with who made them, and revokes. */
export function ShareButton({ scanId, view }: { scanId: number; view: Record<string, string | undefined> }) {
  const [open, setOpen] = useState(false);
  const [made, setMade] = useState<string | null>(null);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const linkField = useRef<HTMLInputElement>(null);
  const [hours, setHours] = useState<number>(24);
  const { links, create, revoke } = useShareLinks(scanId, open);
  const makeLink = () =>
    create.mutate(
      {
        view: Object.fromEntries(Object.entries(view).filter((e): e is [string, string] => Boolean(e[1]))),
        expiresInHours: hours,
      },
      {
        onSuccess: (r) => {
          setMade(`${window.location.origin}${r.path}`);
          setCopied(null);
        },
      },
    );
  const copy = async (text: string) => {
    try {
      // Not there on plain http away from localhost: the link is then selected for the reader to copy.
      await navigator.clipboard.writeText(text);
      setCopied("yes");
    } catch {
      setCopied("no");
      linkField.current?.focus();
      linkField.current?.select();
    }
  };
  return (
    <span className="relative">
      <Button aria-expanded={open} onClick={() => setOpen(!open)} variant="secondary" size="sm">
        Share
      </Button>
      {open && (
        // Above the table's sticky header and the toolbar it sits in.
        <div
          data-testid="share-popover"
          className={`${boxClass} absolute right-0 z-30 mt-1 w-[min(28rem,90vw)] space-y-2 p-3 text-xs shadow-lg`}
        >
          <p>A read-only link to this scan for a teammate without operator rights. It shows:</p>
          <p data-testid="share-view" className="rounded bg-slate-50 p-2 font-medium break-words">
            {showsInWords(view)}
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <label className="flex items-center gap-1">
              Expires in
              <Select
                aria-label="Expires in"
                value={hours}
                onChange={(e) => setHours(Number(e.target.value))}
              >
                {expiries.map((e) => (
                  <option key={e.hours} value={e.hours}>
                    {e.label}
                  </option>
                ))}
              </Select>
            </label>
            <Button onClick={makeLink} disabled={create.isPending} variant="primary" size="sm">
              Create link
            </Button>
          </div>
          {made && (
            <div className="flex items-center gap-2">
              <Input
                aria-label="Share link"
                readOnly
                value={made}
                ref={linkField}
                onFocus={(e) => e.target.select()}
                className="min-w-0 flex-1 font-mono"
              />
              <Button onClick={() => void copy(made)} variant="secondary" size="sm">
                Copy
              </Button>
              <span role="status" data-testid="share-copied">
                {copied === "yes" ? "Copied" : copied === "no" ? "Select and copy it (Ctrl+C)" : ""}
              </span>
            </div>
          )}
          {create.error && <ErrorPanel message={create.error.message} />}
          <ul className="divide-y divide-slate-100" aria-label="Share links">
            {(links.data ?? []).map((l) => (
              <li
                key={l.id}
                data-testid="share-link"
                className="flex items-center justify-between gap-2 py-1"
              >
                <span className="min-w-0">
                  #{l.id} by {l.createdBy ?? "a deleted user"} · expires <Time at={l.expiresAt} relative />
                  {l.revokedAt ? " · revoked" : ""}
                  <span className="block truncate text-slate-500" title={showsInWords(l.view)}>
                    {showsInWords(l.view)}
                  </span>
                </span>
                {!l.revokedAt && (
                  <Button onClick={() => revoke.mutate(l.id)} size="sm">
                    Revoke
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </span>
  );
}
