/**
 * `npm run bench`: speed and memory, measured on real candles and printed (never asserted in tests).
 * Rates are per CPU-second of this process where noted, so other jobs on a shared 2-core machine
 * bias them less than wall time would; whole-process figures are wall time. The speed loops and
 * their peer take turns round by round and each reports its best round (see takeTurns.ts).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { BENCH_NOTE, ROOT, SHARED_BINANCE, fmtRate, loadBars, mb } from './common.js';
import { featureEngineRound, tradingSignalsRound } from './features.js';
import { benchBacktestProcess, pipelineRound } from './pipeline.js';
import { takeTurns } from './takeTurns.js';
import { benchRenderCpu, benchReplayMax, benchReplayMemory } from './console.js';
import { benchSymbolsMemory } from './symbols.js';
import { benchPolicyDecision } from '../src/engine/policy/benchPolicy.js';
import { benchReportHtml } from '../test/bench/reportHtml.js';
import { benchLiveLatencyProcess } from './liveLatency.js';
import { benchSentiment } from '../test/bench/sentiment.bench-script.js';

/** Rounds of each speed loop, taken in turns (see takeTurns), after two uncounted ones. */
const SPEED_ROUNDS = 8;

const results: Record<string, unknown> = {};
const rows: [string, string, string][] = [];
const row = (what: string, value: string, target: string): void => {
  rows.push([what, value, target]);
};

const rss0 = process.memoryUsage().rss;
const bars = loadBars();
results.bars = bars.n;

const model = resolve(ROOT, 'models/default');
const turns = await takeTurns(
  {
    peer: () => tradingSignalsRound(bars),
    features: () => featureEngineRound(bars),
    rules: () => pipelineRound(bars, 'ensemble', null),
    ...(existsSync(model) ? { drl: () => pipelineRound(bars, 'drl', model) } : {}),
  },
  'peer',
  SPEED_ROUNDS,
);
const { best, medianRatio } = turns;
const fe = best.features!;
const ts = best.peer!;
results.speedRounds = SPEED_ROUNDS;
results.featureEngineBarsPerSec = Math.round(fe);
results.tradingSignalsBarsPerSec = Math.round(ts);
results.featureEngineVsTradingSignals = Math.round(medianRatio.features! * 10) / 10;
row('feature engine (13 features, streaming)', `${fmtRate(fe)} bars/CPU-s`, '>= 10 M/s');
row('trading-signals MACD+RSI+BB+OBV (peer)', `${fmtRate(ts)} bars/CPU-s`, '');
row('feature engine / trading-signals (median of rounds)', `${medianRatio.features!.toFixed(1)}x`, '>= 10x');

const rules = best.rules!;
results.pipelineRulesBarsPerSec = Math.round(rules);
row('full pipeline, rule ensemble (preloaded bars)', `${fmtRate(rules)} bars/CPU-s`, '>= 1 M/s');
results.pipelineRulesVsTradingSignals = Math.round(medianRatio.rules! * 100) / 100;
row('full pipeline / trading-signals (median of rounds)', `${medianRatio.rules!.toFixed(2)}x`, '');
if (best.drl !== undefined) {
  results.pipelineDrlBarsPerSec = Math.round(best.drl);
  row('full pipeline, DRL policy', `${fmtRate(best.drl)} bars/CPU-s`, '>= 200 k/s');
}
results.benchPeakRssMb = mb(Math.max(process.memoryUsage().rss, rss0));

const proc = benchBacktestProcess('ensemble', ['--model', 'none']);
if (proc) {
  results.backtestProcessWallSeconds = proc.wallSeconds;
  results.backtestProcessPeakRssMb = Math.round(proc.peakRssMb);
  row('`drl-tui backtest` whole process (wall)', `${proc.wallSeconds.toFixed(2)} s`, '<= 1.0 s');
  row('`drl-tui backtest` peak RSS', `${proc.peakRssMb.toFixed(0)} MB`, '< 200 MB');
}

const policy = await benchPolicyDecision({ now: () => performance.now() });
results.policyDecision = policy;
row(
  `DRL decision ${policy.net}, fast path (${policy.fastKernel})`,
  `${policy.fastUs.toFixed(2)} µs`,
  '<= 5 µs',
);
row('DRL decision, plain-JS fallback', `${policy.jsUs.toFixed(2)} µs`, '');
row('DRL decision, one TF.js predict', `${policy.tfPredictUs.toFixed(1)} µs`, policy.tfBackend);

const replay = await benchReplayMax(bars);
results.replayMaxHeadlessBarsPerSec = Math.round(replay.headless);
results.replayMaxWithScreenBarsPerSec = Math.round(replay.withScreen);
row('replay --speed max, headless', `${fmtRate(replay.headless)} bars/s`, '');
row(
  'replay --speed max, with the screen',
  `${fmtRate(replay.withScreen)} bars/s (${replay.frames} snapshots, ${Math.round(replay.screenBytes / 1024)} KB drawn)`,
  '',
);
results.replayMaxScreenVsHeadless = Math.round(replay.ratio * 100) / 100;
row(
  'replay with the screen / headless (median of rounds)',
  `${(replay.ratio * 100).toFixed(0)} %`,
  '>= 50 %',
);
const cpu = await benchRenderCpu(bars, 10);
results.renderCpuAt1BarPerSecPct = Math.round(cpu * 1000) / 10;
row('console CPU at 1 bar/s (60x), 120x40', `${(cpu * 100).toFixed(1)} % of one core`, '< 5 %');
const two = await benchSymbolsMemory(
  existsSync(SHARED_BINANCE) ? SHARED_BINANCE : null,
  existsSync(model) ? model : null,
);
results.symbolsMemory = two;
if (two)
  row(
    `two symbols ETH+BTC Q1-2024 (${(two.bars / 1e3).toFixed(0)} k bars, ${(two.fills / 1e3).toFixed(0)} k fills), screen + journals`,
    `heap ${two.heapStartMb} -> ${two.heapEndMb} MB, RSS ${two.rssStartMb} -> ${two.rssEndMb} MB, ${(two.barsPerSec / 1e3).toFixed(1)} k bars/s`,
    'flat',
  );
const memory = await benchReplayMemory(bars);
results.replayMemory = memory;
row(
  `RSS over a ${(memory.bars / 1e6).toFixed(2)} M-bar replay with the screen`,
  `${memory.startMb} -> ${memory.endMb} MB`,
  'flat',
);

const live = benchLiveLatencyProcess(1000);
results.liveLatency = live;
if (live) {
  row(
    `live: closed candle -> order on the wire (loopback, ${live.samples} orders, p50 / p99)`,
    `${live.p50Ms.toFixed(2)} / ${live.p99Ms.toFixed(2)} ms`,
    'p99 <= 2 ms',
  );
  row(
    'this machine: pauses > 1 ms in a busy loop (3 s, before the run)',
    `${live.host.over1Ms} (longest ${live.host.longestMs.toFixed(1)} ms)`,
    '',
  );
  if (live.stealMs !== null)
    row('this machine: CPU time the hypervisor took during the run (steal)', `${live.stealMs} ms`, '');
}

const html = await benchReportHtml();
results.reportHtml = {
  bars: html.bars,
  htmlBytes: html.htmlBytes,
  coldWallMs: Math.round(html.coldWallMs),
  warmWallMs: Math.round(html.warmWallMs),
};
row(
  `HTML report for ${html.bars.toLocaleString('en-US')} bars (first / warm)`,
  `${(html.coldWallMs / 1000).toFixed(2)} / ${(html.warmWallMs / 1000).toFixed(2)} s, ${Math.round(html.htmlBytes / 1024)} KB`,
  '<= 2 s, < 2 MB',
);

const senti = await benchSentiment();
results.sentiment = senti;
row(
  'VADER (cleaned real posts)',
  `${Math.round(senti.vaderPostsPerSec).toLocaleString('en-US')} posts/s`,
  '>= 10,000',
);
row(
  `sentiment e2e ${senti.e2ePosts} posts x ${senti.e2eModels} models, 50 ms server, conc. 4`,
  `${(senti.e2eMs / 1000).toFixed(1)} s (floor ${(senti.e2eFloorMs / 1000).toFixed(1)} s)`,
  '',
);

const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
process.stdout.write(`drl-tui bench on ${BENCH_NOTE}, node ${process.version}\n\n`);
for (const [a, b, c] of rows) process.stdout.write(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}\n`);
process.stdout.write(`\n${JSON.stringify({ bench: 'drl-tui', ...results })}\n`);
