/** For the doubles' standalone mains: how a double process ends. */

/**
 * Serves until SIGINT or SIGTERM (and, with `untilStdinCloses`, until stdin closes, so a parent that dies takes
 * the process along); then runs `stop` once and exits 0.
 */
export function serveUntilStopped(stop: () => Promise<unknown>, untilStdinCloses: boolean): void {
  let stopping = false;
  const onStop = (): void => {
    if (stopping) return;
    stopping = true;
    void stop().then(() => process.exit(0));
  };
  process.on('SIGINT', onStop);
  process.on('SIGTERM', onStop);
  if (untilStdinCloses) {
    process.stdin.resume();
    process.stdin.on('end', onStop);
  }
}
