// An AWS Organizations endpoint for the tests: the lab's gateway has none. It speaks the API's documented JSON
// protocol (POST with X-Amz-Target "AWSOrganizationsV20161128.<Operation>", application/x-amz-json-1.1 bodies,
// NextToken paging, errors as {"__type", "Message"}) for the calls a discovery makes, over the organization of
// scripts/lab/org-layout.ts. Only the management account's keys may read it, as on AWS; pages are small on purpose
// so every caller pages.
import http from "node:http";
import * as org from "./org-layout";
import type { AddressInfo } from "node:net";

export type OrganizationsServer = { url: string; calls: string[]; close: () => Promise<void> };

type Handler = (input: Record<string, unknown>) => unknown;

const PAGE = 2;

function page<T>(items: T[], input: Record<string, unknown>) {
  const max = Math.min(Number(input.MaxResults ?? PAGE) || PAGE, PAGE);
  const start = input.NextToken ? Number(Buffer.from(String(input.NextToken), "base64url").toString()) : 0;
  if (!Number.isInteger(start) || start < 0)
    throw Object.assign(new Error("bad token"), { type: "InvalidInputException" });
  const next =
    start + max < items.length ? Buffer.from(String(start + max)).toString("base64url") : undefined;
  return { items: items.slice(start, start + max), ...(next ? { NextToken: next } : {}) };
}

const parentOf = (a: org.LabOrgAccount) => a.parents.at(-1) ?? org.ROOT.id;

function accountJson(a: org.LabOrgAccount) {
  return {
    Id: a.id,
    Arn: `arn:aws:organizations::${org.MANAGEMENT_ID}:account/o-lab0/${a.id}`,
    Email: `${a.name}@example.com`,
    Name: a.name,
    // Since 2025 State says CLOSED where Status, kept for old callers, still says SUSPENDED.
    State: a.state,
    Status: a.state === "CLOSED" ? "SUSPENDED" : a.state,
    JoinedMethod: "CREATED",
    JoinedTimestamp: 1_700_000_000,
  };
}

const handlers: Record<string, Handler> = {
  ListRoots: (input) => {
    const { items, NextToken } = page([org.ROOT], input);
    return {
      Roots: items.map((r) => ({
        Id: r.id,
        Name: r.name,
        Arn: `arn:aws:organizations::${org.MANAGEMENT_ID}:root/o-lab0/${r.id}`,
      })),
      NextToken,
    };
  },
  ListOrganizationalUnitsForParent: (input) => {
    const children = org.OUS.filter((ou) => ou.parent === input.ParentId);
    const { items, NextToken } = page(children, input);
    return { OrganizationalUnits: items.map((ou) => ({ Id: ou.id, Name: ou.name })), NextToken };
  },
  ListAccountsForParent: (input) => {
    const { items, NextToken } = page(
      org.ACCOUNTS.filter((a) => parentOf(a) === input.ParentId),
      input,
    );
    return { Accounts: items.map(accountJson), NextToken };
  },
  ListTagsForResource: (input) => {
    const account = org.ACCOUNTS.find((a) => a.id === input.ResourceId);
    if (!account) throw Object.assign(new Error("no such account"), { type: "TargetNotFoundException" });
    const { items, NextToken } = page(Object.entries(account.tags), input);
    return { Tags: items.map(([Key, Value]) => ({ Key, Value })), NextToken };
  },
};

/** Starts the endpoint on 127.0.0.1; `allowedKeys` are the access keys that may call it (the management's). */
export async function startOrganizationsServer(allowedKeys: string[]): Promise<OrganizationsServer> {
  const calls: string[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify(body));
    };
    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = target.replace(/^AWSOrganizationsV20161128\./, "");
    calls.push(operation);
    const key = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1];
    if (!key) return reply(400, { __type: "MissingAuthenticationTokenException", Message: "no signature" });
    if (!allowedKeys.includes(key))
      return reply(400, {
        __type: "AccessDeniedException",
        Message: "You don't have permissions to access this resource.",
      });
    const handler = handlers[operation];
    if (req.method !== "POST" || !handler)
      return reply(400, { __type: "UnknownOperationException", Message: `unknown operation ${target}` });
    try {
      reply(200, handler(JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}")));
    } catch (error) {
      const e = error as Error & { type?: string };
      reply(400, { __type: e.type ?? "InvalidInputException", Message: e.message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
