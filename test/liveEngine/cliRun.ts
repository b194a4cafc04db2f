import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/drl-tui.js');

/** The CLI tests run the built app; a dist/ without the live command would fail confusingly. */
export function assertBuilt(): void {
  const dist = join(ROOT, 'dist');
  const built =
    existsSync(dist) &&
    readdirSync(dist).some(
      (f) => f.endsWith('.js') && readFileSync(join(dist, f), 'utf8').includes('--testnet'),
    );
  if (!built) throw new Error('dist/ has no live command: run `npm run build` before these tests');
}

/** One run of the real CLI as a child process, its stdout parsed as JSON lines as they arrive. */
export class CliRun {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[] = [];
  stdout = '';
  stderr = '';
  private buf = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly watchers = new Set<() => void>();

  constructor(args: readonly string[], o: { cwd: string; env: NodeJS.ProcessEnv }) {
    this.child = spawn(process.execPath, [BIN, ...args], { cwd: o.cwd, env: o.env, stdio: 'pipe' });
    this.child.stdout!.setEncoding('utf8');
    this.child.stderr!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      this.stdout += chunk;
      this.buf += chunk;
      let nl = this.buf.indexOf('\n');
      while (nl !== -1) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        try {
          this.lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // a line cut by SIGKILL
        }
        nl = this.buf.indexOf('\n');
      }
      for (const w of [...this.watchers]) w();
    });
    this.child.stderr!.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((ok) => this.child.on('exit', (code, signal) => ok({ code, signal })));
  }

  decisions(): number[] {
    return this.lines.filter((l) => l.type === 'decision').map((l) => l.openTime as number);
  }

  /** Resolves when pred() holds over the lines seen so far (or rejects when the child exits first). */
  until(pred: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((ok, fail) => {
      const done = (err: Error | null): void => {
        this.watchers.delete(check);
        clearTimeout(timer);
        if (err) fail(err);
        else ok();
      };
      const check = (): void => {
        if (pred()) done(null);
      };
      const timer = setTimeout(
        () => done(new Error(`timed out waiting for ${what}; stderr: ${this.stderr.slice(-500)}`)),
        timeoutMs,
      );
      this.watchers.add(check);
      void this.exited.then(() => {
        if (!pred()) done(new Error(`the CLI exited before ${what}; stderr: ${this.stderr.slice(-500)}`));
      });
    });
  }

  kill9(): Promise<unknown> {
    this.child.kill('SIGKILL');
    return this.exited;
  }
}
