/** How the report writes numbers, sizes, durations and times, on its page and in the CI summary. */

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let n = bytes / 1000;
  let unit = 0;
  while (n >= 1000 && unit < units.length - 1) {
    n /= 1000;
    unit++;
  }
  return `${n.toFixed(n < 10 ? 2 : 1)} ${units[unit]}`;
}

export const seconds = (s: number): string => `${s.toFixed(s < 10 ? 2 : 1)} s`;
export const count = (n: number): string => n.toLocaleString("en-GB");
/** `2025-03-28T09:00:00+02:00` → `2025-03-28 09:00`: the newsroom's clock as written. */
export const clock = (iso: string): string => iso.replace("T", " ").slice(0, 16);
/** `Europe/Kyiv` → `Kyiv`. */
export const zoneCity = (zone: string): string => (zone.split("/").at(-1) ?? zone).replace(/_/g, " ");
