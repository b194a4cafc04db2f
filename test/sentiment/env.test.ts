import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnv, parseDotEnv } from '../../src/engine/core/env.js';
import { sentimentConfig } from '../../src/engine/sentiment/config.js';
import { tempDir } from './fixture.js';

describe('loadEnv', () => {
  it('returns .env values overlaid by the real environment', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, '.env'),
      '# creds\nREDDIT_CLIENT_ID=abc\nexport REDDIT_CLIENT_SECRET="s3 cr#et"\nREDDIT_USER_AGENT=ua # note\n',
    );
    const env = loadEnv({ cwd: dir, overrides: { REDDIT_CLIENT_ID: 'from-env', OTHER: undefined } });
    expect(env['REDDIT_CLIENT_ID'], 'exported variables win over the file').toBe('from-env');
    expect(env['REDDIT_CLIENT_SECRET']).toBe('s3 cr#et');
    expect(env['REDDIT_USER_AGENT']).toBe('ua');
    expect('OTHER' in env).toBe(false);
  });

  it('returns only the overrides when there is no .env file', () => {
    expect(loadEnv({ cwd: tempDir(), overrides: { A: '1' } })).toEqual({ A: '1' });
  });

  it('returns single-quoted values verbatim and skips lines that are not assignments', () => {
    expect(parseDotEnv("A='x\\ny'\nnot a line\nB=2")).toEqual({ A: 'x\\ny', B: '2' });
  });
});

describe('sentimentConfig', () => {
  it('returns credentials from the environment and one base URL for both Reddit hosts', () => {
    const cfg = sentimentConfig(
      { REDDIT_CLIENT_ID: 'id', REDDIT_CLIENT_SECRET: 'sec' },
      { redditUrl: 'http://127.0.0.1:9/' },
    );
    expect(cfg.reddit?.clientId).toBe('id');
    expect(cfg.reddit?.userAgent, 'a descriptive default User-Agent').toMatch(/drl-tui/);
    expect([cfg.redditTokenUrl, cfg.redditApiUrl]).toEqual(['http://127.0.0.1:9', 'http://127.0.0.1:9']);
  });

  it('returns reddit null and the default hosts without credentials', () => {
    const cfg = sentimentConfig({});
    expect(cfg.reddit).toBeNull();
    expect([cfg.redditTokenUrl, cfg.redditApiUrl]).toEqual([
      'https://www.reddit.com',
      'https://oauth.reddit.com',
    ]);
    expect(cfg.models).toHaveLength(5);
  });
});
