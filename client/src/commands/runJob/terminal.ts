/**
 * The terminal a job's output streams into: a `Pseudoterminal` (no shell), one per handler, reused by later runs of
 * the same handler. Ctrl+C cancels the running job. What is written is also kept (plain, capped) as the transcript
 * the command returns. Output passes through RedactingOutput first, so a value the job was given never shows.
 */
import * as vscode from 'vscode';

const MAX_TRANSCRIPT = 1024 * 1024;

export class JobTerminal implements vscode.Pseudoterminal, vscode.Disposable {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private opened = false;
  private pending = '';
  private closed = false;
  private lastChar = '\n';
  readonly terminal: vscode.Terminal;
  /** Called on Ctrl+C (cancel) and when the user closes the terminal. */
  onInterrupt?: () => void;
  onClosedByUser?: () => void;
  /** Everything written since the last `startRun`, without colours. */
  transcript = '';

  constructor(readonly name: string) {
    this.terminal = vscode.window.createTerminal({ name, pty: this, iconPath: new vscode.ThemeIcon('beaker') });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  open(): void {
    this.opened = true;
    if (this.pending) this.writeEmitter.fire(this.pending);
    this.pending = '';
  }

  close(): void {
    this.closed = true;
    this.onClosedByUser?.();
  }

  handleInput(data: string): void {
    if (data === '\x03') this.onInterrupt?.();
  }

  startRun(): void {
    this.transcript = '';
    if (this.lastChar !== '\n') this.raw('\r\n');
  }

  /** Job output, as it arrives. */
  output(text: string): void {
    this.keep(text);
    this.raw(text.replace(/\r?\n/g, '\r\n'));
    if (text) this.lastChar = text[text.length - 1]!;
  }

  /** A line about the job (dimmed). */
  info(text: string): void {
    const line = `${this.lastChar === '\n' ? '' : '\n'}${text}\n`;
    this.keep(line);
    this.raw(`\x1b[2m${line.replace(/\r?\n/g, '\r\n')}\x1b[0m`);
    this.lastChar = '\n';
  }

  show(): void {
    this.terminal.show(true);
  }

  private keep(text: string): void {
    if (this.transcript.length < MAX_TRANSCRIPT) this.transcript += text.slice(0, MAX_TRANSCRIPT - this.transcript.length);
  }

  private raw(text: string): void {
    if (this.closed) return;
    if (this.opened) this.writeEmitter.fire(text);
    else this.pending += text;
  }

  dispose(): void {
    this.terminal.dispose();
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}
