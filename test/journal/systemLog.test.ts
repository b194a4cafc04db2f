import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/core/clock.js';
import { SecretRegistry } from '../../src/engine/journal/secretRegistry.js';
import { SystemLog, formatFields } from '../../src/engine/journal/systemLog.js';
import { useTmpDir } from './tmpDir.js';

const tmp = useTmpDir();
const T = Date.UTC(2026, 10, 21, 23, 9, 45, 123); // 2026-11-21T23:09:45.123Z

function lines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
}

describe('SystemLog', () => {
  it('returns lines as "<ISO time> <LEVEL padded to 5> message key=value" using the injected clock', () => {
    const path = join(tmp(), 'trading_system.log');
    const log = new SystemLog(path, { clock: new ManualClock(T), secrets: new SecretRegistry() });
    log.info('feed connected', { symbol: 'ETHUSDT', attempt: 2, detail: 'after 3 s' });
    log.warn('stale');
    log.error('order rejected', { code: -2010 });
    log.debug('dropped at the default info level');
    log.close();
    expect(lines(path)).toEqual([
      '2026-11-21T23:09:45.123Z INFO  feed connected symbol=ETHUSDT attempt=2 detail="after 3 s"',
      '2026-11-21T23:09:45.123Z WARN  stale',
      '2026-11-21T23:09:45.123Z ERROR order rejected code=-2010',
    ]);
  });

  it('returns debug lines when the level is debug, and one line per call even with newlines in the message', () => {
    const path = join(tmp(), 'trading_system.log');
    const log = new SystemLog(path, {
      clock: new ManualClock(T),
      secrets: new SecretRegistry(),
      level: 'debug',
    });
    log.debug('multi\nline\r\nmessage');
    log.close();
    expect(lines(path)).toEqual(['2026-11-21T23:09:45.123Z DEBUG multi\\nline\\nmessage']);
  });

  it('returns a 0600 file, rotated to .1 .. .keep under maxBytes, with the newest lines in the live file', () => {
    const dir = tmp();
    const path = join(dir, 'trading_system.log');
    const clock = new ManualClock(T);
    const log = new SystemLog(path, { clock, secrets: new SecretRegistry(), maxBytes: 200, keep: 2 });
    for (let i = 0; i < 40; i++) log.info(`event ${String(i).padStart(2, '0')}`);
    log.close();
    expect(readdirSync(dir).sort()).toEqual([
      'trading_system.log',
      'trading_system.log.1',
      'trading_system.log.2',
    ]);
    for (const f of readdirSync(dir)) {
      expect(statSync(join(dir, f)).size, f).toBeLessThanOrEqual(200);
      expect(statSync(join(dir, f)).mode & 0o777, `${f} is private`).toBe(0o600);
    }
    const kept = [...lines(`${path}.2`), ...lines(`${path}.1`), ...lines(path)].map((l) =>
      Number(l.slice(-2)),
    );
    expect(kept.at(-1)).toBe(39);
    expect(kept, 'consecutive, oldest first').toEqual(kept.map((_, i) => kept[0]! + i));
    expect(existsSync(`${path}.3`)).toBe(false);
  });

  it('returns no secret in any log file, the rotated ones included', () => {
    const dir = tmp();
    const path = join(dir, 'trading_system.log');
    const secrets = new SecretRegistry();
    const apiSecret = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
    secrets.register(apiSecret);
    const log = new SystemLog(path, { clock: new ManualClock(T), secrets, maxBytes: 300, keep: 3 });
    for (let i = 0; i < 10; i++)
      log.error('request failed', { url: `https://x/api?signature=1&secret=${apiSecret}`, i });
    log.info(`config dump ${apiSecret}`, { nested: { apiSecret } });
    log.close();
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(1);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).not.toContain(apiSecret);
      expect(text, f).toContain('***');
    }
  });
});

describe('formatFields', () => {
  it('returns JSON-quoted values where a bare value would be ambiguous', () => {
    expect(
      formatFields({ a: 'x', b: 'two words', c: '', d: 'k=v', e: { n: 1 }, f: null, g: new Error('boom') }),
    ).toBe(' a=x b="two words" c="" d="k=v" e={"n":1} f=null g="boom"');
    expect(formatFields(undefined)).toBe('');
  });
});
