import { loadRedditCsv } from '../test/support/redditServer.js';
import { cleanText, postText } from '../src/engine/sentiment/clean.js';
import { vaderCompound, vaderCompoundReference } from '../src/engine/sentiment/vader.js';
const raw = loadRedditCsv('/work/shared/data/reddit/r_ethereum_posts_2020-11_2021-04.csv');
const rawTexts = raw.map((p) => postText(p.title, p.selftext));
const texts = rawTexts.map(cleanText).filter((t): t is string => t !== null);
let bad = 0;
for (const t of [...texts, ...rawTexts]) { const a = vaderCompound(t), b = vaderCompoundReference(t); if (a !== b) { if (bad++ < 5) console.log('DIFF', a, b, JSON.stringify(t.slice(0, 200))); } }
console.log('diffs', bad, 'of', texts.length + rawTexts.length);
let t0 = performance.now(); let s = 0;
for (const t of texts) s += vaderCompound(t);
const dt = performance.now() - t0;
console.log('fast cleaned posts/s', texts.length / dt * 1000);
t0 = performance.now();
for (const t of rawTexts) s += vaderCompound(t);
console.log('fast raw posts/s', rawTexts.length / (performance.now() - t0) * 1000);
