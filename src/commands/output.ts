/** The CLI's only writers: the engine never prints (lint bans console.* in src/). */
export const out = (text: string): void => {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
};
export const err = (text: string): void => {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
};

/** A one-line progress bar on a TTY (stderr), nothing when piped. */
export function progressBar(label: string): { update(done: number, total: number): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = '';
  return {
    update(done, total) {
      if (!tty) return;
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const width = 30;
      const filled = Math.round(frac * width);
      const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0)}% ${done.toLocaleString('en-US')} bars`;
      if (line !== last) process.stderr.write(`\r${line}`);
      last = line;
    },
    done() {
      if (tty && last) process.stderr.write(`\r${' '.repeat(last.length)}\r`);
    },
  };
}
