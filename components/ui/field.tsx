/** A text or number input, as every form of the app draws it. */
export const fieldClass = "rounded-md border border-slate-300 px-2 py-1 text-sm";

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
    <label className="flex flex-col text-sm">
      {label}
      <input
        className={`${fieldClass} ${width}`}
        inputMode={decimal ? "decimal" : "numeric"}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
