import { describe, expect, it } from 'vitest';
import type { Executor } from '../../src/engine/core/executor.js';
import { intent, spotExecutor, usdmExecutor, useExchange } from './executorHarness.js';

const exchange = useExchange();

/** Every string an executor hands back: results, thrown errors and log lines. */
async function outputs(ex: Executor, logs: { message: string }[], run: (ex: Executor) => Promise<unknown>[]) {
  const out: string[] = [];
  const settle = async (p: Promise<unknown>) => {
    try {
      out.push(JSON.stringify(await p));
    } catch (e) {
      out.push((e as Error).message, String((e as Error).stack ?? ''));
    }
  };
  for (const p of run(ex)) await settle(p);
  out.push(...logs.map((l) => l.message));
  return out;
}

function expectNoSecrets(texts: string[], secrets: string[]): void {
  const forms = secrets.flatMap((s) => [s, encodeURIComponent(s), s.slice(0, 16)]);
  for (const t of texts) {
    for (const f of forms) expect(t.includes(f), `a key/secret leaked into: ${t.slice(0, 120)}`).toBe(false);
    expect(/signature=[0-9a-f]{16}/i.test(t), `a signed URL leaked into: ${t.slice(0, 120)}`).toBe(false);
  }
}

describe('executor output never carries API keys', () => {
  it('returns no key, secret or signature in any result, error or log line, even from a server that echoes them', async () => {
    const { clock, server: s } = await exchange();
    s.echoSecretsInErrors = true;
    const texts: string[] = [];
    const secrets = [
      s.spotCredentials.apiKey,
      s.spotCredentials.apiSecret,
      s.futuresCredentials.apiKey,
      s.futuresCredentials.apiSecret,
    ];

    const spot = spotExecutor(s, clock);
    texts.push(
      ...(await outputs(spot.ex, spot.logs, (ex) => {
        const run: Promise<unknown>[] = [ex.sync()];
        return run;
      })),
    );
    const faults: (() => void)[] = [
      () => undefined,
      () => s.failNext({ status: 503, path: '/api/v3/order' }),
      () => s.orderFault({ kind: 'delay', ms: 600 }),
      () => s.orderFault({ kind: 'hang' }),
      () => s.orderFault({ kind: 'status', status: 500, execute: true }),
    ];
    for (const f of faults) {
      f();
      texts.push(
        ...(await outputs(spot.ex, [], (ex) => [ex.place(intent('BUY', '0.00015'), 0, clock.now())])),
      );
      f();
      texts.push(
        ...(await outputs(spot.ex, [], (ex) => [ex.place(intent('BUY', '0.0100'), 0, clock.now())])),
      );
    }
    texts.push(
      ...(await outputs(spot.ex, [], (ex) => [
        ex.place(intent('BUY', '100.0000'), 0, clock.now()),
        ex.lookup('drl-nope-1'),
      ])),
    );
    s.failNext({ status: 418, path: '/api/v3/order' });
    texts.push(
      ...(await outputs(spot.ex, [], (ex) => [
        ex.place(intent('BUY', '0.0100'), 0, clock.now()),
        ex.place(intent('BUY', '0.0100'), 0, clock.now()),
      ])),
    );
    texts.push(...spot.logs.map((l) => l.message));

    // Wrong secret (-1022) and wrong key (-2015): every signed call fails with the request echoed.
    const badSecret = spotExecutor(s, clock, { apiSecret: 'wrongSecret0123456789abcdefWRONG' });
    texts.push(
      ...(await outputs(badSecret.ex, badSecret.logs, (ex) => [
        ex.sync(),
        ex.place(intent('BUY', '0.0100'), 0, clock.now()),
        ex.lookup('drl-x-1'),
      ])),
    );
    const badKey = usdmExecutor(s, clock, { apiKey: 'wrongKey0123456789abcdefWRONGKEY' });
    texts.push(
      ...(await outputs(badKey.ex, badKey.logs, (ex) => [
        ex.sync(),
        ex.place(intent('SELL', '0.010'), 0, clock.now()),
      ])),
    );
    secrets.push('wrongSecret0123456789abcdefWRONG', 'wrongKey0123456789abcdefWRONGKEY');

    const usdm = usdmExecutor(s, clock);
    texts.push(
      ...(await outputs(usdm.ex, usdm.logs, (ex) => [
        ex.sync(),
        ex.place(intent('BUY', '0.001'), 0, clock.now()),
        ex.place(intent('SELL', '0.010', { reduceOnly: true }), 0, clock.now()),
      ])),
    );
    s.skewMs = -30_000; // our timestamps 30 s in the future: -1021, resync, retry
    texts.push(
      ...(await outputs(usdm.ex, usdm.logs, (ex) => [ex.place(intent('SELL', '0.010'), 0, clock.now())])),
    );

    // The exchange goes away entirely.
    await s.close();
    texts.push(
      ...(await outputs(spot.ex, [], (ex) => [ex.sync(), ex.place(intent('BUY', '0.0100'), 0, clock.now())])),
    );

    expect(texts.length).toBeGreaterThan(30);
    expect(texts.some((t) => t.includes('[key=***'))).toBe(true); // the echo happened and was redacted
    expect(texts.some((t) => t.includes('-1022'))).toBe(true);
    expect(texts.some((t) => t.includes('-2015'))).toBe(true);
    expectNoSecrets(texts, secrets);
  });
});
