"use client";

import { useState } from "react";

/** A labelled code block with a Copy button (policies, commands, configurations). */
export function CopyBlock({ label, code }: { label: string; code: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between text-xs font-medium text-slate-600">
        {label}
        <button
          type="button"
          className="rounded border border-slate-300 bg-white px-1.5 py-0.5"
          onClick={() => {
            void navigator.clipboard?.writeText(code).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      {/* Focusable: a long line scrolls sideways, and the keyboard must reach it. */}
      <pre tabIndex={0} className="overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100">
        {code}
      </pre>
    </div>
  );
}
