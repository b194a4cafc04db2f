import { readFileSync, writeFileSync } from 'node:fs';
import * as d from '../src/engine/report/html/chartData.js';
import * as c from '../src/engine/report/html/chartSpecs.js';
import { renderSvg } from '../src/engine/report/html/svgRender.js';
const r = JSON.parse(readFileSync('/tmp/rh/q1.json', 'utf8'));
const s = r.series;
for (let round = 0; round < 3; round++) {
const w: string[] = [];
const specs: [string, any][] = [
 ['eq', c.equitySpec(d.equityVsBuyAndHold(s), false, 'USDT')],
 ['eqlog', c.equitySpec(d.equityVsBuyAndHold(s), true, 'USDT')],
 ['dd', c.drawdownSpec(d.drawdownSeries(s), r.metrics.maxDrawdown.maxPct)],
 ['price', c.priceSpec(d.priceSeries(s), d.fillMarkers(s), s.fills.note)],
 ['pos', c.positionSpec(d.positionSeries(s))],
 ['daily', c.dailyHistogramSpec(d.dailyReturnRows(s))],
 ['agents', c.agentsSpec(d.agentRows(r), 'USDT')],
 ['out', c.outcomesSpec(d.outcomeRows(r))],
 ['tl', c.timelineSpec([{t: s.equity.t[10], kind: 'reject', detail: 'x'}], 'timeline')],
];
let total = 0; let html = '<html><body>';
const T0 = performance.now(); const C0 = process.cpuUsage();
const out: string[] = [];
for (const [id, spec] of specs) {
  const t0 = performance.now(); const c0 = process.cpuUsage();
  const svg = await renderSvg(spec, id, w);
  const dt = performance.now() - t0; const dc = process.cpuUsage(c0);
  total += svg.length; html += svg;
  out.push(`${id} ${dt.toFixed(0)}ms cpu ${((dc.user+dc.system)/1000).toFixed(0)} ${svg.length}`);
}
const dc = process.cpuUsage(C0);
console.log(out.join(' | '));
console.log('all', (performance.now()-T0).toFixed(0), 'ms cpu', ((dc.user+dc.system)/1000).toFixed(0), total, w);
writeFileSync('/tmp/rh/proto.html', html + '</body></html>');
}
