import { MARKET_FEATURES } from '../core/types.js';
import type { SessionHeader } from '../journal/sessionHeader.js';
import type { BarStory, Rec } from './findBar.js';
import { isoTime, label } from './text.js';

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const str = (v: unknown): string => (v === undefined ? '?' : label(v));
const iso = isoTime;

/** Enough digits to tell values apart on screen; verify is the place for exact bits. */
function n(v: unknown, digits = 6): string {
  const x = num(v);
  if (x === null) return v === null ? 'null' : '?';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e6 || a < 1e-4 ? x.toExponential(digits - 1) : String(Number(x.toPrecision(digits)));
}
const signed = (v: unknown): string => {
  const x = num(v);
  return x === null ? '?' : `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;
};
const money = (v: unknown): string => (num(v) === null ? '?' : (v as number).toFixed(2));

function riskText(code: string, h: SessionHeader | null): string {
  const l = h?.risk;
  switch (code) {
    case 'MAX_POSITION':
      return `|target| capped at maxPosition ${l?.maxPosition ?? '?'}`;
    case 'MAX_STEP':
      return `change limited to maxStep ${l?.maxStep ?? '?'} per bar`;
    case 'SPOT_NO_SHORT':
      return 'spot cannot go short: a negative target is clipped to 0';
    case 'DAILY_LOSS_HALT':
      return `the day's loss passed dailyLossLimit ${l ? `${l.dailyLossLimit * 100} %` : '?'}: no new exposure`;
    case 'COOLDOWN':
      return `within cooldownBars ${l?.cooldownBars ?? '?'} of the last trade`;
    case 'PAUSED':
      return 'trading paused: decisions computed, nothing sent';
    case 'HALTED':
      return 'trading halted (an invariant broke): no new exposure';
    default:
      return code;
  }
}

function resultText(r: Rec, fill: Rec | null): string {
  const res = isRec(r.result) ? r.result : {};
  switch (res.status) {
    case 'filled': {
      const f = isRec(res.fill) ? res.fill : {};
      const after = fill ? `; position qty ${n(fill.positionQty)}, cash ${money(fill.cash)}` : '';
      return `filled ${iso(f.time)}: ${str(f.side)} ${n(f.quantity)} @ ${n(f.price, 10)}, fee ${n(f.fee)} ${str(f.feeAsset)}${after}`; // prettier-ignore
    }
    case 'rejected':
      return `rejected ${str(res.code)}: ${str(res.message)}`;
    case 'unknown':
      return `outcome unknown: ${str(res.detail)}`;
    case 'skipped':
      return `skipped ${str(res.reason)}: ${str(res.detail)}`;
    default:
      return `result ${JSON.stringify(res)}`;
  }
}

/** The order result (and fill) among `recs` for one client order id. */
function outcome(recs: readonly Rec[], id: unknown): string | null {
  const res = recs.find((r) => r.type === 'orderResult' && r.clientOrderId === id);
  if (!res) return null;
  const fill = recs.find((r) => r.type === 'fill' && isRec(r.fill) && r.fill.clientOrderId === id) ?? null;
  return resultText(res, fill);
}

function ensembleLines(d: Rec, h: SessionHeader | null, votes: readonly Rec[]): string[] {
  const target = signed(d.ensembleTarget);
  if (!h) return [`Ensemble  target ${target}`];
  const e = h.ensemble;
  if (e.fixedTarget !== null) return [`Ensemble  fixed target ${e.fixedTarget} (strategy ${h.strategy.name}): ${target}`]; // prettier-ignore
  const w = (a: unknown): number => e.weights[a as keyof typeof e.weights] ?? 0;
  const counted = votes.filter((v) => w(v.agent) > 0);
  if (e.mode === 'weighted') {
    const sum = counted.reduce((a, v) => a + w(v.agent), 0);
    const terms = counted.map((v) => `${w(v.agent)}×${signed(v.target)}`).join(' + ');
    return [`Ensemble  weighted mean (${terms || 'no agent with weight > 0'}) / ${sum} = ${target}`];
  }
  return [`Ensemble  majority of ${counted.map((v) => `${str(v.agent)} ${signed(v.target)}`).join(', ')} → ${target}`]; // prettier-ignore
}

/** What `drl-tui explain` prints for one bar: why the agent did what it did. */
export function formatExplain(s: BarStory): string {
  const d = s.decision;
  const h = s.header;
  const bar = isRec(d.bar) ? d.bar : {};
  const votes = Array.isArray(d.votes) ? d.votes.filter(isRec) : [];
  const out: string[] = [];
  const sym = h ? `${h.symbol} ${h.market}` : 'unknown symbol';
  out.push(`${sym} · bar ${iso(bar.openTime)} (decision #${s.index}, ${s.file} line ${s.line})`);
  if (h) {
    const model = h.model.sha256
      ? `${h.model.name ?? 'model'} sha256 ${h.model.sha256.slice(0, 12)}…`
      : 'no model';
    out.push(`session ${h.sessionId} (${h.mode}), strategy ${h.strategy.name}, ${model}, config ${h.configHash.slice(0, 12)}…, engine ${h.engineVersion}`); // prettier-ignore
  } else out.push('no session header before this bar: the journal predates the header record');
  if (s.damage) out.push(`note: ${s.damage}`);
  out.push('');
  out.push(`Bar       open ${n(bar.open)}  high ${n(bar.high)}  low ${n(bar.low)}  close ${n(bar.close)}  volume ${n(bar.volume)}`); // prettier-ignore
  const held = s.holdings ? `qty ${n(s.holdings.qty)}, cash ${money(s.holdings.cash)}` : 'flat, start cash';
  out.push(`Before    ${held}`);
  for (const r of s.before) {
    if (r.type === 'orderResult') {
      const text = outcome(s.before, r.clientOrderId);
      if (text) out.push(`At open   order ${str(r.clientOrderId)} from the previous bar ${text}`);
    } else if (r.type === 'trading') out.push(`State     ${str(r.state)}: ${str(r.detail)}`);
  }

  out.push('');
  const obs = isRec(d.observation) ? d.observation : null;
  const names = h?.observation.features ?? [];
  const scaled = obs && Array.isArray(obs.scaled) ? (obs.scaled as unknown[]) : null;
  if (obs && Array.isArray(obs.raw) && scaled) {
    out.push(`Observation (${obs.raw.length}-D, policy order)`.padEnd(40) + 'raw'.padStart(16) + 'scaled'.padStart(16)); // prettier-ignore
    obs.raw.forEach((v, i) => {
      out.push(`  ${String(names[i] ?? i).padEnd(38)}${n(v).padStart(16)}${n(scaled[i]).padStart(16)}`);
    });
  } else if (Array.isArray(d.features)) {
    out.push('Features (13, raw; this journal has no observation)');
    d.features.forEach((v, i) =>
      out.push(`  ${String(MARKET_FEATURES[i] ?? i).padEnd(38)}${n(v).padStart(16)}`),
    );
  }
  if (d.sentiment !== undefined) out.push(`  sentiment input (previous UTC day)`.padEnd(40) + n(d.sentiment).padStart(16)); // prettier-ignore

  out.push('');
  out.push(`Votes     ${'agent'.padEnd(10)}${'weight'.padStart(7)}${'target'.padStart(9)}${'conf'.padStart(6)}  reason`); // prettier-ignore
  for (const v of votes) {
    const w = h ? (h.ensemble.weights[v.agent as keyof typeof h.ensemble.weights] ?? 0) : '?';
    out.push(`          ${str(v.agent).padEnd(10)}${String(w).padStart(7)}${signed(v.target).padStart(9)}${(num(v.confidence)?.toFixed(2) ?? '?').padStart(6)}  ${str(v.reason)}`); // prettier-ignore
  }
  out.push(...ensembleLines(d, h, votes));
  const risk = isRec(d.risk) ? d.risk : {};
  const codes = Array.isArray(risk.codes) ? risk.codes.map(label) : [];
  out.push(`Risk      position ${signed(d.position)}, target ${signed(d.ensembleTarget)} → allowed ${signed(risk.target)}${codes.length ? '' : ' (no limit applied)'}`); // prettier-ignore
  for (const c of codes) out.push(`          ${c}: ${riskText(c, h)}`);

  const plan = isRec(d.plan) ? d.plan : {};
  const intent = isRec(plan.intent) ? plan.intent : null;
  if (intent) {
    const paused = d.trading === 'PAUSED' ? ' — not sent: trading paused' : '';
    out.push(`Plan      ${str(intent.side)} ${str(intent.quantity)} ${str(intent.symbol)} towards ${signed(intent.targetPosition)} (order ${str(intent.clientOrderId)})${paused}`); // prettier-ignore
    const result = outcome(s.after, intent.clientOrderId);
    const when = h?.execution.executor === 'paper' ? ' (paper: at the next bar open)' : '';
    out.push(`Result    ${result ? `${result}${when}` : paused ? 'none' : 'not in the journal (the session ended before it)'}`); // prettier-ignore
  } else {
    out.push(`Plan      no order: ${str(plan.skip)}${plan.detail ? ` — ${str(plan.detail)}` : ''}`);
  }
  for (const r of s.after) {
    const i = isRec(r.intent) ? r.intent : null;
    if (r.type === 'order' && typeof r.reason === 'string' && i)
      out.push(`Then      ${r.reason}: ${str(i.side)} ${str(i.quantity)} → ${outcome(s.after, i.clientOrderId) ?? 'no result in the journal'}`); // prettier-ignore
    else if (r.type === 'trading') out.push(`Then      ${str(r.state)}: ${str(r.detail)}`);
  }
  out.push(`Equity    ${money(d.equity)} ${h?.filters.quoteAsset ?? ''} · position ${signed(d.position)} of equity · trading ${str(d.trading)}`); // prettier-ignore
  return out.join('\n');
}
