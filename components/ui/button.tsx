import type { ButtonHTMLAttributes } from "react";

// The app's buttons in one palette: slate for actions (the one dark button of a place is its main action), sky for
// links that act in place, red for what removes or stops. A choice (a tab, a filter chip) is dark while selected;
// plain is a button that looks like the text it sits in (a column's name, a key), styled by the words around it.
const variants = {
  primary: "rounded-md bg-slate-900 font-medium text-white hover:bg-slate-700",
  secondary: "rounded-md border border-slate-300 bg-white font-medium hover:bg-slate-50",
  danger: "rounded-md bg-red-700 font-medium text-white hover:bg-red-600",
  ghost: "rounded-md hover:bg-slate-100",
  link: "text-sky-700 hover:underline",
  "danger-link": "text-red-700 hover:underline",
  plain: "",
} as const;
const choice = {
  selected: "rounded-md border border-slate-900 bg-slate-900 text-white",
  unselected: "rounded-md border border-slate-300 bg-white hover:bg-slate-50",
};

/** md and sm as said; control is as tall as a form's text box, to sit beside one. */
const sizes = { sm: "px-2 py-0.5 text-xs", md: "px-3 py-1.5 text-sm", control: "px-2 py-1 text-sm" } as const;

export type ButtonVariant = keyof typeof variants | "choice";
type Size = keyof typeof sizes;

const unpadded = new Set<ButtonVariant>(["link", "danger-link", "plain"]);

/** The classes of a button (also for a link that looks like one). */
export function buttonClass(
  variant: ButtonVariant = "secondary",
  size: Size = "md",
  extra = "",
  selected = false,
) {
  const look = variant === "choice" ? choice[selected ? "selected" : "unselected"] : variants[variant];
  const padded = unpadded.has(variant) ? (size === "sm" ? "text-xs" : "") : sizes[size];
  return `${look} ${padded} disabled:cursor-not-allowed disabled:opacity-50 ${extra}`
    .replace(/\s+/g, " ")
    .trim();
}

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  size?: Size;
  /** For a choice: whether it is the one chosen (the caller says so to assistive technology too). */
  selected?: boolean;
};

/** A button; `type="button"` unless said otherwise, so a button in a form submits only when it is meant to. */
export function Button({ variant, size, selected, className, type = "button", ...props }: Props) {
  return <button type={type} className={buttonClass(variant, size, className, selected)} {...props} />;
}
