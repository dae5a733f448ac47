/**
 * Copies text and clears it from the clipboard after a timeout, but only if the clipboard still holds it (the user
 * may have copied something else meanwhile). Pure: the clipboard and the timer are injected.
 */
export interface ClipboardLike {
  readText(): PromiseLike<string>;
  writeText(text: string): PromiseLike<void>;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: handle => clearTimeout(handle as NodeJS.Timeout),
};

export class ClipboardClearer {
  private pending: unknown;
  /** Settles when the last scheduled clearing ran (for tests). */
  lastClear: Promise<boolean> = Promise.resolve(false);

  constructor(private readonly clipboard: ClipboardLike, private readonly timers: Timers = realTimers) {}

  /** Copies `text`; with `seconds` > 0, clears it after that long unless the clipboard changed. */
  async copy(text: string, seconds: number): Promise<void> {
    await this.clipboard.writeText(text);
    this.cancel();
    if (!(seconds > 0)) return;
    let done!: (cleared: boolean) => void;
    this.lastClear = new Promise(r => (done = r));
    this.pending = this.timers.set(() => {
      this.pending = undefined;
      void Promise.resolve(this.clipboard.readText())
        .then(async current => {
          if (current !== text) return false;
          await this.clipboard.writeText('');
          return true;
        })
        .then(done, () => done(false));
    }, seconds * 1000);
  }

  cancel(): void {
    if (this.pending !== undefined) this.timers.clear(this.pending);
    this.pending = undefined;
  }
}
