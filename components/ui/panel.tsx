/** The frame of every box on a page: a white card with a light border (tables, forms, summaries, menus). */
export const boxClass = "rounded-lg border border-slate-200 bg-white";

/** A card of a page: a bordered white box around one part of it. */
export const panelClass = `space-y-3 ${boxClass} p-4`;
