import type { ComponentProps, ReactNode } from "react";

// Every form control of the app in one look: text boxes, numbers, dates and selects share one frame;
// a value the form refuses turns it red (aria-invalid says so to a screen reader too). Screens pass only layout
// (width, font) through className; lint keeps them from spelling the frame again.
const frame = "rounded-md border px-2 py-1 text-sm font-normal disabled:opacity-50";
const frameClass = (invalid: boolean | undefined, extra = "") =>
  `${frame} ${invalid ? "border-red-500 bg-red-50" : "border-slate-300 bg-white"} ${extra}`.trim();

type Invalid = { invalid?: boolean };

/** A text, number, date, search or password box. */
export function Input({ invalid, className, ...props }: ComponentProps<"input"> & Invalid) {
  return <input aria-invalid={invalid || undefined} className={frameClass(invalid, className)} {...props} />;
}

export function Select({ invalid, className, ...props }: ComponentProps<"select"> & Invalid) {
  return <select aria-invalid={invalid || undefined} className={frameClass(invalid, className)} {...props} />;
}

/** A checkbox (or, with type="radio", a radio button); its label is the caller's, around it or beside it. */
export function Check({ className, type = "checkbox", ...props }: ComponentProps<"input">) {
  return <input type={type} className={`accent-slate-900 ${className ?? ""}`.trim()} {...props} />;
}

/** A control with its name above it: the words first, then the control, inside this label. */
export function Field({
  size = "md",
  className = "",
  children,
}: {
  size?: "sm" | "md";
  className?: string;
  children: ReactNode;
}) {
  const text = size === "sm" ? "text-xs font-medium text-slate-600" : "text-sm font-medium";
  return <label className={`flex flex-col gap-1 ${text} ${className}`.trim()}>{children}</label>;
}

/** What a request refused, said where the form is (nothing when there is nothing to say). */
export function ErrorLine({ error }: { error: Error | null | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="text-sm text-red-700">
      {error.message}
    </p>
  );
}

/** A labelled number typed by a person (the form checks it when sent; the server, again). */
export function NumberField({
  label,
  value,
  onChange,
  decimal = false,
  width = "w-24",
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  decimal?: boolean;
  width?: string;
}) {
  return (
    <Field>
      {label}
      <Input
        className={width}
        inputMode={decimal ? "decimal" : "numeric"}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}
