/** "try again in 12 minutes": how long a rate-limited person waits, in words. */
export function retryIn(until: Date, now: Date = new Date()): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `try again in ${minutes} minute${minutes === 1 ? "" : "s"}`;
}
