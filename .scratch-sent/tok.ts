// @ts-nocheck
import { SentiText } from './vs.mjs';
import { wordsAndEmoticons } from '../src/engine/sentiment/vader.js';
import { loadRedditCsv } from '../test/support/redditServer.js';
import { postText } from '../src/engine/sentiment/clean.js';
const samples = ["Hi, (you) 'ok' :) x!! don't -- ?!?wow", ...loadRedditCsv('/work/shared/data/reddit/r_ethereum_posts_2020-11_2021-04.csv').map(p => postText(p.title, p.selftext))];
let bad = 0;
for (const t of samples) { const a = JSON.stringify(new SentiText(t).words_and_emoticons), b = JSON.stringify(wordsAndEmoticons(t)); if (a !== b) { if (bad++ < 3) console.log(a, '\n', b); } }
console.log('token diffs', bad, 'of', samples.length, new SentiText(samples[0]).words_and_emoticons);
