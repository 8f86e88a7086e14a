/** A card of a page: a bordered white box around one part of it. */
export const panelClass = "space-y-3 rounded-lg border border-slate-200 bg-white p-4";
