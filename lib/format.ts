const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

/** Bytes in binary units with at most one decimal ("1.5 MiB"). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
