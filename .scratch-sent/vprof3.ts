import { loadRedditCsv } from '../test/support/redditServer.js';
import { cleanText, postText } from '../src/engine/sentiment/clean.js';
import { vaderCompound } from '../src/engine/sentiment/vader.js';
const raw = loadRedditCsv('/work/shared/data/reddit/r_ethereum_posts_2020-11_2021-04.csv');
const texts = raw.map((p) => cleanText(postText(p.title, p.selftext))).filter((t): t is string => t !== null);
let s = 0; const t0 = performance.now();
for (let k = 0; k < 3; k++) for (const t of texts) s += vaderCompound(t);
console.log('posts/s', 3 * texts.length / (performance.now() - t0) * 1000, s);
