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
import { pages } from "@/lib/fleet/paging";

// Bounds from Organizations' own quotas, with room: roots (1), OUs under one parent (2,000 in an organization),
// accounts under one parent, tags on an account (50).
const limits = {
  roots: { what: "ListRoots", maxPages: 100, maxItems: 10 },
  ous: { what: "ListOrganizationalUnitsForParent", maxPages: 1_000, maxItems: 10_000 },
  accounts: { what: "ListAccountsForParent", maxPages: 10_000, maxItems: 100_000 },
  tags: { what: "ListTagsForResource", maxPages: 100, maxItems: 50 },
};

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
      pages(async (NextToken) => {
        const r = await client.send(new ListRootsCommand({ NextToken }));
        return { items: (r.Roots ?? []).map(node), next: r.NextToken };
      }, limits.roots),
    childOus: (ParentId) =>
      pages(async (NextToken) => {
        const r = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId, NextToken }));
        return { items: (r.OrganizationalUnits ?? []).map(node), next: r.NextToken };
      }, limits.ous),
    accountsIn: (ParentId) =>
      pages(async (NextToken) => {
        const r = await client.send(new ListAccountsForParentCommand({ ParentId, NextToken }));
        const items = (r.Accounts ?? []).map((a) => ({
          id: a.Id ?? "",
          name: a.Name ?? a.Id ?? "",
          // State replaced Status in 2025 (it adds CLOSED); older answers carry Status alone.
          state: a.State ?? a.Status ?? "UNKNOWN",
        }));
        return { items, next: r.NextToken };
      }, limits.accounts),
    tagsOf: async (ResourceId) => {
      const tags: Record<string, string> = {};
      for await (const t of pages(async (NextToken) => {
        const r = await client.send(new ListTagsForResourceCommand({ ResourceId, NextToken }));
        return { items: r.Tags ?? [], next: r.NextToken };
      }, limits.tags)) {
        if (t.Key) tags[t.Key] = t.Value ?? "";
      }
      return tags;
    },
  };
}
