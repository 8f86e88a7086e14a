import "server-only";
import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { credentialsFor, type AwsTarget } from "@/lib/aws/clients";
import type { OrganizationApi, OrgNode } from "@/lib/fleet/organization";

/** Pages a list call by NextToken; a token that comes back unchanged would loop for ever, so it stops the walk. */
async function* paged<T>(page: (token: string | undefined) => Promise<{ items: T[]; next?: string }>) {
  let token: string | undefined;
  do {
    const { items, next } = await page(token);
    yield* items;
    if (next !== undefined && next === token)
      throw new Error("Organizations returned the same page token twice");
    token = next;
  } while (token);
}

/**
 * The Organizations calls of a discovery, made by the management account or a delegated administrator
 * (`target`: its profile and role). `endpointUrl` is for a service that speaks the Organizations API elsewhere
 * (the tests' own); AWS's is used otherwise, in us-east-1 where Organizations lives.
 */
export function organizationApi(target: AwsTarget, endpointUrl: string | null): OrganizationApi {
  const client = new OrganizationsClient({
    region: "us-east-1",
    credentials: credentialsFor({ ...target, region: "us-east-1" }),
    ...(endpointUrl ? { endpoint: endpointUrl } : {}),
    maxAttempts: 6,
  });
  const node = (n: { Id?: string; Name?: string }): OrgNode => ({
    id: n.Id ?? "",
    name: n.Name ?? n.Id ?? "",
  });
  return {
    roots: () =>
      paged(async (NextToken) => {
        const r = await client.send(new ListRootsCommand({ NextToken }));
        return { items: (r.Roots ?? []).map(node), next: r.NextToken };
      }),
    childOus: (ParentId) =>
      paged(async (NextToken) => {
        const r = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId, NextToken }));
        return { items: (r.OrganizationalUnits ?? []).map(node), next: r.NextToken };
      }),
    accountsIn: (ParentId) =>
      paged(async (NextToken) => {
        const r = await client.send(new ListAccountsForParentCommand({ ParentId, NextToken }));
        const items = (r.Accounts ?? []).map((a) => ({
          id: a.Id ?? "",
          name: a.Name ?? a.Id ?? "",
          // State replaced Status in 2025 (it adds CLOSED); older answers carry Status alone.
          state: a.State ?? a.Status ?? "UNKNOWN",
        }));
        return { items, next: r.NextToken };
      }),
    tagsOf: async (ResourceId) => {
      const tags: Record<string, string> = {};
      for await (const t of paged(async (NextToken) => {
        const r = await client.send(new ListTagsForResourceCommand({ ResourceId, NextToken }));
        return { items: r.Tags ?? [], next: r.NextToken };
      })) {
        if (t.Key) tags[t.Key] = t.Value ?? "";
      }
      return tags;
    },
  };
}
