import type { ComponentProps } from "react";

export { TableHead } from "@/components/ui/table-head";

/** A data table as every page draws one: full width, text from the left, small type (a panel or box goes around it). */
export function Table({ className = "", ...props }: ComponentProps<"table">) {
  return <table className={`w-full text-left text-sm ${className}`.trim()} {...props} />;
}

/** A data cell with the padding every table shares; the caller adds only what this column needs (font, wrap). */
export function Cell({ className = "", ...props }: ComponentProps<"td">) {
  return <td className={`px-3 py-2 ${className}`.trim()} {...props} />;
}
