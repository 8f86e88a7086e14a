export type ShareLinkDto = {
  id: number;
  /** The filters the link shows, as its URL spelt them. */
  view: Record<string, string>;
  createdBy: string | null;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
};
