import type { ButtonHTMLAttributes } from "react";

// The app's buttons in one palette: slate for actions (the one dark button of a place is its main action), sky for
// links that act in place, red for what removes or stops.
const variants = {
  primary: "rounded-md bg-slate-900 font-medium text-white hover:bg-slate-700",
  secondary: "rounded-md border border-slate-300 bg-white font-medium hover:bg-slate-50",
  danger: "rounded-md bg-red-700 font-medium text-white hover:bg-red-600",
  link: "text-sky-700 hover:underline",
  "danger-link": "text-red-700 hover:underline",
} as const;

const sizes = { sm: "px-2 py-0.5 text-xs", md: "px-3 py-1.5 text-sm" } as const;

export type ButtonVariant = keyof typeof variants;

/** The classes of a button (also for a link that looks like one). */
export function buttonClass(
  variant: ButtonVariant = "secondary",
  size: keyof typeof sizes = "md",
  extra = "",
) {
  const padded =
    variant === "link" || variant === "danger-link" ? (size === "sm" ? "text-xs" : "") : sizes[size];
  return `${variants[variant]} ${padded} disabled:cursor-not-allowed disabled:opacity-50 ${extra}`.trim();
}

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  size?: keyof typeof sizes;
};

/** A button; `type="button"` unless said otherwise, so a button in a form submits only when it is meant to. */
export function Button({ variant, size, className, type = "button", ...props }: Props) {
  return <button type={type} className={buttonClass(variant, size, className)} {...props} />;
}
