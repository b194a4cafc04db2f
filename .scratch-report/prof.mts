import { readFileSync } from 'node:fs';
import { View, parse } from 'vega';
import { compile } from 'vega-lite';
import * as d from '/work/main/src/engine/report/html/chartData.js';
import * as c from '/work/main/src/engine/report/html/chartSpecs.js';
const r = JSON.parse(readFileSync('/tmp/rh/q1.json', 'utf8'));
const s = r.series;
for (let k = 0; k < 3; k++) {
for (const [id, spec] of [['eq', c.equitySpec(d.equityVsBuyAndHold(s), false, 'USDT')], ['price', c.priceSpec(d.priceSeries(s), d.fillMarkers(s), s.fills.note)]] as const) {
  const t0 = performance.now();
  const vg = compile(spec as any).spec;
  const t1 = performance.now();
  const rt = parse(vg);
  const t2 = performance.now();
  const view = new View(rt, { renderer: 'none' });
  const t3 = performance.now();
  await view.runAsync();
  const t4 = performance.now();
  const svg = await view.toSVG();
  const t5 = performance.now();
  console.log(id, 'compile', (t1-t0).toFixed(0), 'parse', (t2-t1).toFixed(0), 'view', (t3-t2).toFixed(0), 'run', (t4-t3).toFixed(0), 'svg', (t5-t4).toFixed(0));
}}
