import assert from 'node:assert/strict';
import { ClipboardClearer, type Timers } from '../../../client/src/commands/support/clipboard';

class FakeClipboard {
  text = '';
  async readText(): Promise<string> {
    return this.text;
  }
  async writeText(t: string): Promise<void> {
    this.text = t;
  }
}

class FakeTimers implements Timers {
  pending: { fn: () => void; ms: number }[] = [];
  set(fn: () => void, ms: number): unknown {
    const t = { fn, ms };
    this.pending.push(t);
    return t;
  }
  clear(handle: unknown): void {
    this.pending = this.pending.filter(t => t !== handle);
  }
  fire(): void {
    const due = this.pending.splice(0);
    for (const t of due) t.fn();
  }
}

describe('clipboard clearing after Copy Key Name', () => {
  it('clears after the timeout when the clipboard still holds the copied text', async () => {
    const cb = new FakeClipboard();
    const timers = new FakeTimers();
    const c = new ClipboardClearer(cb, timers);
    await c.copy('DB_PASSWORD', 30);
    assert.equal(cb.text, 'DB_PASSWORD');
    assert.equal(timers.pending[0]!.ms, 30_000);
    timers.fire();
    assert.equal(await c.lastClear, true);
    assert.equal(cb.text, '');
  });

  it('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    const cb = new FakeClipboard();
    const timers = new FakeTimers();
    const c = new ClipboardClearer(cb, timers);
    await c.copy('DB_PASSWORD', 1);
    cb.text = 'something else';
    timers.fire();
    assert.equal(await c.lastClear, false);
    assert.equal(cb.text, 'something else');
  });

  it('0 seconds keeps the text; a new copy replaces the pending clear', async () => {
    const cb = new FakeClipboard();
    const timers = new FakeTimers();
    const c = new ClipboardClearer(cb, timers);
    await c.copy('A', 0);
    assert.equal(timers.pending.length, 0);
    await c.copy('B', 5);
    await c.copy('C', 5);
    assert.equal(timers.pending.length, 1);
  });
});
