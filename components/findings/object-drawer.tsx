"use client";

import { useRef, type ReactNode } from "react";
import { changedByLabel } from "@/components/scans/finding-cells";
import { StatusBadge } from "@/components/scans/status-badge";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { Time } from "@/components/ui/time";
import { statusText } from "@/lib/audit/status-text";
import { formatBytes } from "@/lib/format";
import { useDialogFocus } from "@/lib/hooks/use-dialog-focus";
import { useObjectDetail } from "@/lib/queries/findings";
import type { Readable } from "@/lib/schemas/object";
import type { FindingDto } from "@/lib/schemas/scan";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-1.5">
      <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}

/** A live read's value, or why the bucket owner cannot see it. */
function Live<T>({ read, children }: { read: Readable<T>; children: (value: T) => ReactNode }) {
  return read.ok ? (
    children(read.value)
  ) : (
    <p className="text-sm text-slate-500 italic">Not readable: {read.reason}.</p>
  );
}

function Pairs({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1 text-sm">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className="break-all">{v ?? "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * One key in depth: its finding, what the bucket owner can read of it now (headers, metadata, grants, tags,
 * versions), and every fix action taken on it. Escape closes it.
 */
export function ObjectDrawer({
  scanId,
  objectKey,
  versionId,
  onClose,
  renderFix,
}: {
  scanId: number;
  objectKey: string;
  versionId: string | null;
  onClose: () => void;
  /** The fix control for a foreign key (absent for viewers and unfinished scans). */
  renderFix?: (finding: FindingDto) => ReactNode;
}) {
  const detail = useObjectDetail(scanId, objectKey, versionId);
  const drawer = useRef<HTMLElement>(null);
  useDialogFocus(drawer, onClose);
  const name = (id: string | null) => (id ? (detail.data?.accountNames[id] ?? id) : "—");

  return (
    <aside
      ref={drawer}
      tabIndex={-1}
      role="dialog"
      aria-modal="true"
      aria-label="Object details"
      className="fixed inset-y-0 right-0 z-30 w-[30rem] max-w-full space-y-5 overflow-y-auto border-l border-slate-200 bg-white p-5 shadow-xl print:hidden"
    >
      <div className="flex items-start justify-between gap-3">
        <h2 className="font-mono text-sm font-semibold break-all">{objectKey}</h2>
        <Button
          onClick={onClose}
          aria-label="Close details"
          variant="plain"
          className="text-slate-500 hover:text-slate-900"
        >
          ✕
        </Button>
      </div>
      {detail.isPending ? (
        <SkeletonRows rows={8} />
      ) : detail.error ? (
        <ErrorPanel message={detail.error.message} onRetry={() => detail.refetch()} />
      ) : (
        <>
          <FindingSection
            finding={detail.data.finding}
            versionId={versionId}
            name={name}
            fix={detail.data.finding.foreignNow ? renderFix?.(detail.data.finding) : null}
          />
          <Section title="Owner and grants (now)">
            <Live read={detail.data.live.acl}>
              {(acl) => (
                <>
                  <p className="text-sm">Owner: {name(acl.ownerId)}</p>
                  <ul className="text-sm" data-testid="drawer-grants">
                    {acl.grants.map((g) => (
                      <li key={`${g.grantee}${g.permission}`}>
                        <code className="text-xs">{name(g.grantee)}</code> · {g.permission}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </Live>
          </Section>
          <HeadersSection read={detail.data.live.headers} />
          <Section title="Tags">
            <Live read={detail.data.live.tags}>
              {(tags) =>
                Object.keys(tags).length === 0 ? (
                  <p className="text-sm text-slate-500">No tags.</p>
                ) : (
                  <Pairs rows={Object.entries(tags)} />
                )
              }
            </Live>
          </Section>
          <Section title="Versions">
            <Live read={detail.data.live.versions}>
              {(versions) => (
                <ul className="space-y-1 text-sm" data-testid="drawer-versions">
                  {versions.map((v) => (
                    <li key={v.versionId} className="flex justify-between gap-2">
                      <code className="truncate text-xs" title={v.versionId}>
                        {v.deleteMarker ? "delete marker" : v.versionId}
                        {v.isLatest ? " (latest)" : ""}
                      </code>
                      <span className="shrink-0 text-slate-500">
                        {name(v.ownerId)} · <Time at={v.lastModified} />
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </Live>
          </Section>
          <Section title="Fix history">
            {detail.data.history.length === 0 ? (
              <p className="text-sm text-slate-500">No fix has touched this key.</p>
            ) : (
              <ul className="space-y-1 text-sm" data-testid="drawer-history">
                {detail.data.history.map((e) => (
                  <li key={e.id}>
                    <Time at={e.at} /> · {e.action} by {e.actor}: <strong>{e.result}</strong>
                    {e.reason && <span className="text-slate-500"> ({e.reason})</span>}
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </>
      )}
    </aside>
  );
}

type Detail = NonNullable<ReturnType<typeof useObjectDetail>["data"]>;

/** The key as the scan found it (and as it is since, when a fix or a rescan changed it), with what to do. */
function FindingSection({
  finding,
  versionId,
  name,
  fix,
}: {
  finding: Detail["finding"];
  versionId: string | null;
  name: (id: string | null) => string;
  fix: ReactNode;
}) {
  return (
    <Section title="Finding">
      <div className="flex items-center gap-2">
        <StatusBadge status={finding.status} />
        {fix}
      </div>
      <Pairs
        rows={[
          [
            "Owner",
            <span key="o" data-testid="drawer-owner">
              {name(finding.owner.id)}
            </span>,
          ],
          ["Bucket owner access", finding.bucketOwnerAccess],
          ["Version", versionId ?? "(unversioned listing)"],
          ["Size", formatBytes(finding.size)],
          ["Last modified", <Time key="modified" at={finding.lastModified} relative />],
          ["Reason", finding.reason],
        ]}
      />
      {finding.status && finding.status !== "owned" && (
        <p data-testid="drawer-remedy" className="mt-2 text-sm text-slate-700">
          {statusText[finding.status].risk}{" "}
          <strong className="font-medium">{statusText[finding.status].remedy}</strong>
        </p>
      )}
      {finding.now && (
        <p data-testid="drawer-now" className="mt-2 text-sm text-slate-700">
          Since this scan, {changedByLabel(finding.now)} found it <StatusBadge status={finding.now.status} />{" "}
          (owner {name(finding.now.ownerId)}, <Time at={finding.now.at} relative />
          ). The scan keeps what it saw.
        </p>
      )}
    </Section>
  );
}

/** The object's headers and metadata, read now. */
function HeadersSection({ read }: { read: Detail["live"]["headers"] }) {
  return (
    <Section title="Headers and metadata">
      <Live read={read}>
        {(h) => (
          <Pairs
            rows={[
              ["Content-Type", h.contentType],
              ["Cache-Control", h.cacheControl],
              ["Content-Disposition", h.contentDisposition],
              ["Content-Encoding", h.contentEncoding],
              ["Content-Language", h.contentLanguage],
              ["Expires", h.expires],
              ["Storage class", h.storageClass],
              [
                "Encryption",
                h.encryption ? `${h.encryption.algorithm} ${h.encryption.kmsKeyId ?? ""}` : null,
              ],
              ["ETag", h.etag],
              ...Object.entries(h.metadata).map(([k, v]): [string, string] => [`x-amz-meta-${k}`, v]),
            ]}
          />
        )}
      </Live>
    </Section>
  );
}
