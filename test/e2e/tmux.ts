import { spawnSync } from 'node:child_process';

export const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function tmux(...args: string[]): string {
  const r = spawnSync('tmux', args, { encoding: 'utf8' });
  return r.stdout;
}

/**
 * Poll the pane until `pattern` shows (the screen redraws asynchronously). With `key`, send it
 * first and again if nothing has shown after a few seconds, as a person would press it again. The
 * pattern must say what the key changes, not what may be on screen already: a key sent while the
 * previous one is still unread arrives in the same chunk (the console splits such bursts).
 */
export async function waitFor(session: string, pattern: RegExp, ms = 20_000, key?: string): Promise<string> {
  const until = Date.now() + ms;
  let screen = '';
  let nextKey = 0;
  while (Date.now() < until) {
    if (key !== undefined && Date.now() >= nextKey) {
      tmux('send-keys', '-t', session, key);
      nextKey = Date.now() + 4_000;
    }
    await sleep(150);
    screen = tmux('capture-pane', '-pt', session);
    if (pattern.test(screen)) return screen;
  }
  throw new Error(`timed out waiting for ${pattern} on screen:\n${screen}`);
}
