import { DEFAULT_FEATURE_PARAMS, F } from '../core/types.js';
import type { FeatureParams, Parsed } from '../core/types.js';
import { RollingWindow } from './rollingWindow.js';
import { FEATURE_STATE_VERSION, checkParams, parseScalars, sameParams } from './featureState.js';
import type { FeatureEngineState } from './featureState.js';

const Z_EPS = 1e-8;

/**
 * The 13 market features (DESIGN.md step 3), updated once per closed bar in O(1) time with no
 * allocation: rolling windows are ring buffers with running sums (see RollingWindow), the
 * recursive indicators keep one number each.
 *
 * Warm-up conventions (every value is defined from the first bar, never NaN):
 * - SMA, Bollinger and the z-score use the values seen so far until their window is full;
 *   z_score is 0 until two spreads exist (one spread has no spread of its own to compare to).
 * - EMAs start at the first close; the MACD signal EMA starts at the first MACD value (0).
 * - RSI: 50 before any change; the first change seeds avgGain/avgLoss directly, then Wilder
 *   smoothing avg = (avg·(n−1) + x)/n. trading-signals' RSI seeds with the SMA of the first n
 *   changes instead; the difference decays as ((n−1)/n)^bars (below 1e-8 after ~250 bars at n=14).
 *   avgLoss = 0 → 100, or 50 if avgGain is 0 too (trading-signals says 100 there). Computed as
 *   avg·((n−1)/n) + x·(1/n) and rsi/100 = avgGain/(avgGain+avgLoss): the same numbers as the
 *   textbook forms to within a few ulp (tests hold them to 1e-12), without the divisions.
 * - price_momentum and z_score_momentum are 0 on the first bar.
 *
 * Bad input: a bar whose close is not a positive finite number or whose volume is not a finite
 * number ≥ 0 is ignored (state unchanged) and counted in `rejected`; a non-finite sentiment is
 * stored as 0 (neutral), so NaN never reaches the observation or the saved state.
 */
export class FeatureEngine {
  readonly params: FeatureParams;
  /** Indexed by F. rsi is stored as rsi/100. Live array: read it, never keep it. */
  readonly values = new Float64Array(13);
  /** Bars until every window is full: max(maPeriod+zWindow−1, bbPeriod, macdSlow+macdSignal−1, rsiPeriod+1). */
  readonly warmupBars: number;

  private ma: RollingWindow;
  private z: RollingWindow;
  private bb: RollingWindow; // the same object as `ma` when bbPeriod === maPeriod
  private readonly bbShared: boolean;
  private readonly alphaFast: number;
  private readonly alphaSlow: number;
  private readonly alphaSignal: number;
  private readonly rsiKeep: number; // (n−1)/n
  private readonly rsiNew: number; // 1/n

  private n = 0;
  private bad = 0;
  private prevClose = 0;
  private emaFast = 0;
  private emaSlow = 0;
  private signal = 0;
  private avgGain = 0;
  private avgLoss = 0;
  private obv = 0;

  constructor(params: FeatureParams = DEFAULT_FEATURE_PARAMS) {
    const problem = checkParams(params);
    if (problem) throw new Error(`feature params: ${problem}`);
    this.params = Object.freeze({ ...params });
    this.ma = new RollingWindow(params.maPeriod, params.stdDdof);
    this.z = new RollingWindow(params.zWindow, params.stdDdof);
    this.bbShared = params.bbPeriod === params.maPeriod;
    this.bb = this.bbShared ? this.ma : new RollingWindow(params.bbPeriod, params.stdDdof);
    this.alphaFast = 2 / (params.macdFast + 1);
    this.alphaSlow = 2 / (params.macdSlow + 1);
    this.alphaSignal = 2 / (params.macdSignal + 1);
    this.rsiKeep = (params.rsiPeriod - 1) / params.rsiPeriod;
    this.rsiNew = 1 / params.rsiPeriod;
    this.warmupBars = Math.max(
      params.maPeriod + params.zWindow - 1,
      params.bbPeriod,
      params.macdSlow + params.macdSignal - 1,
      params.rsiPeriod + 1,
    );
    this.values[F.rsi] = 0.5;
  }

  /** Bars accepted so far. */
  get count(): number {
    return this.n;
  }

  /** Bars ignored because their close or volume was not a usable number. */
  get rejected(): number {
    return this.bad;
  }

  get lastClose(): number | null {
    return this.n === 0 ? null : this.prevClose;
  }

  isWarm(): boolean {
    return this.n >= this.warmupBars;
  }

  update(close: number, volume: number, sentiment: number): Float64Array {
    const v = this.values;
    // Written so that NaN fails the test: !(NaN > 0) is true.
    if (!(close > 0 && close < Infinity && volume >= 0 && volume < Infinity)) {
      this.bad++;
      return v;
    }
    const p = this.params;

    // Spread and its rolling z-score.
    const ma = this.ma;
    ma.push(close);
    const spread = ma.deviation(close);
    const zw = this.z;
    zw.push(spread);
    const prevZ = v[F.z_score]!;
    let z = 0;
    if (zw.filled > 1) z = zw.deviation(spread) / (Math.sqrt(zw.variance()) + Z_EPS);
    v[F.z_score] = z;
    v[F.zone] =
      z > p.openThreshold
        ? 1
        : z < -p.openThreshold
          ? -1
          : z > p.closeThreshold
            ? 0.5
            : z < -p.closeThreshold
              ? -0.5
              : 0;

    // Bollinger on raw prices.
    const bb = this.bb;
    if (!this.bbShared) bb.push(close);
    const mid = bb.mean();
    const band = p.bbStdDev * Math.sqrt(bb.variance());
    v[F.bb_mid] = mid;
    v[F.bb_high] = mid + band;
    v[F.bb_low] = mid - band;

    if (this.n === 0) {
      this.emaFast = close;
      this.emaSlow = close;
      this.signal = 0;
      v[F.price_momentum] = 0;
      v[F.z_score_momentum] = 0;
      v[F.macd] = 0;
      v[F.macd_signal] = 0;
      v[F.macd_diff] = 0;
      v[F.rsi] = 0.5;
      v[F.obv] = 0;
    } else {
      const prev = this.prevClose;
      const mc = p.momentumClip;
      const m = close / prev - 1;
      v[F.price_momentum] = m > mc ? mc : m < -mc ? -mc : m;
      const zc = p.zMomentumClip;
      const dz = z - prevZ;
      v[F.z_score_momentum] = dz > zc ? zc : dz < -zc ? -zc : dz;

      const ef = (this.emaFast += this.alphaFast * (close - this.emaFast));
      const es = (this.emaSlow += this.alphaSlow * (close - this.emaSlow));
      const macd = ef - es;
      const sig = (this.signal += this.alphaSignal * (macd - this.signal));
      v[F.macd] = macd;
      v[F.macd_signal] = sig;
      v[F.macd_diff] = macd - sig;

      const ch = close - prev;
      const gain = ch > 0 ? ch : 0;
      const loss = ch < 0 ? -ch : 0;
      let ag: number;
      let al: number;
      if (this.n === 1) {
        ag = gain;
        al = loss;
      } else {
        ag = this.avgGain * this.rsiKeep + gain * this.rsiNew;
        al = this.avgLoss * this.rsiKeep + loss * this.rsiNew;
      }
      this.avgGain = ag;
      this.avgLoss = al;
      // rsi/100 = 1 − 1/(1 + ag/al) = ag/(ag + al)
      v[F.rsi] = al === 0 ? (ag === 0 ? 0.5 : 1) : ag / (ag + al);

      v[F.obv] = this.obv += ch > 0 ? volume : ch < 0 ? -volume : 0;
    }

    // Finite check without a call; "+ 0" turns -0 into 0, which JSON would do anyway on save.
    v[F.sentiment] = sentiment - sentiment === 0 ? sentiment + 0 : 0;
    this.prevClose = close;
    this.n++;
    return v;
  }

  /** Plain JSON (no NaN/Infinity) that `fromState` turns back into an engine continuing bit for bit. */
  toState(): FeatureEngineState {
    return {
      version: FEATURE_STATE_VERSION,
      params: { ...this.params },
      count: this.n,
      rejected: this.bad,
      prevClose: this.prevClose,
      emaFast: this.emaFast,
      emaSlow: this.emaSlow,
      signal: this.signal,
      avgGain: this.avgGain,
      avgLoss: this.avgLoss,
      obv: this.obv,
      values: Array.from(this.values),
      windows: {
        ma: this.ma.toState(),
        z: this.z.toState(),
        bb: this.bbShared ? null : this.bb.toState(),
      },
    };
  }

  static fromState(s: unknown, params: FeatureParams): Parsed<FeatureEngine> {
    const fail = (error: string): Parsed<FeatureEngine> => ({ ok: false, error: `feature state: ${error}` });
    if (typeof s !== 'object' || s === null || Array.isArray(s)) return fail('not a JSON object');
    const o = s as Record<string, unknown>;
    if (o.version !== FEATURE_STATE_VERSION) {
      return fail(`version ${JSON.stringify(o.version)}, expected ${FEATURE_STATE_VERSION}`);
    }
    const paramsProblem = checkParams(params);
    if (paramsProblem) return fail(`requested params: ${paramsProblem}`);
    const mismatch = sameParams(o.params, params);
    if (mismatch) return fail(`params differ from the policy's (${mismatch})`);
    const sc = parseScalars(o);
    if (typeof sc === 'string') return fail(sc);

    const e = new FeatureEngine(params);
    const w = o.windows;
    if (typeof w !== 'object' || w === null) return fail('windows missing');
    const ws = w as Record<string, unknown>;
    const ma = RollingWindow.fromState(ws.ma, params.maPeriod, params.stdDdof, 'windows.ma');
    if (typeof ma === 'string') return fail(ma);
    const z = RollingWindow.fromState(ws.z, params.zWindow, params.stdDdof, 'windows.z');
    if (typeof z === 'string') return fail(z);
    let bb: RollingWindow | string = ma;
    if (!e.bbShared) bb = RollingWindow.fromState(ws.bb, params.bbPeriod, params.stdDdof, 'windows.bb');
    else if (ws.bb !== null) return fail('windows.bb must be null when bbPeriod equals maPeriod');
    if (typeof bb === 'string') return fail(bb);
    for (const [win, name] of [
      [ma, 'ma'],
      [z, 'z'],
      [bb, 'bb'],
    ] as const) {
      if (win.filled !== Math.min(sc.count, win.size))
        return fail(`windows.${name}.filled disagrees with count`);
    }

    e.ma = ma;
    e.z = z;
    e.bb = bb;
    e.n = sc.count;
    e.bad = sc.rejected;
    e.prevClose = sc.prevClose;
    e.emaFast = sc.emaFast;
    e.emaSlow = sc.emaSlow;
    e.signal = sc.signal;
    e.avgGain = sc.avgGain;
    e.avgLoss = sc.avgLoss;
    e.obv = sc.obv;
    e.values.set(sc.values);
    return { ok: true, value: e };
  }
}
