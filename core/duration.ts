/** "3 h 20 min", "2.5 d": durations as a reader of a review expects them. */
export function formatDuration(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs < 60) return `${Math.round(seconds)} s`;
  if (abs < 3600) return `${Math.round(seconds / 60)} min`;
  if (abs < 86400) {
    const h = Math.floor(abs / 3600);
    const min = Math.round((abs - h * 3600) / 60);
    return `${seconds < 0 ? "-" : ""}${h} h${min ? ` ${min} min` : ""}`;
  }
  const days = Math.floor(abs / 86400);
  const hours = Math.round((abs - days * 86400) / 3600);
  // "1 d 1 h" rather than "1.0 d": a day's rounding hides exactly what targets are about
  const text = hours === 24 ? `${days + 1} d` : `${days} d${hours ? ` ${hours} h` : ""}`;
  return `${seconds < 0 ? "-" : ""}${text}`;
}
