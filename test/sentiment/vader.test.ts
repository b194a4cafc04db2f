import { describe, expect, it } from 'vitest';
import { cleanText, postText } from '../../src/engine/sentiment/clean.js';
import {
  fixVaderCase,
  vaderCompound,
  vaderCompoundReference,
  wordsAndEmoticons,
} from '../../src/engine/sentiment/vader.js';
import { loadRedditCsv } from '../support/redditServer.js';
import { SHARED_DATA, sharedPath } from '../support/sharedData.js';
import { fixturePosts } from './fixture.js';

/**
 * The README examples of the reference Python VADER (cjhutto/vaderSentiment, README.rst, "Output
 * for the above example code"), with their compound scores. The emoji example is left out: the JS
 * port has no emoji lexicon (and the pipeline drops emoji when cleaning anyway).
 */
const REFERENCE: readonly (readonly [string, number])[] = [
  ['VADER is smart, handsome, and funny.', 0.8316],
  ['VADER is smart, handsome, and funny!', 0.8439],
  ['VADER is very smart, handsome, and funny.', 0.8545],
  ['VADER is VERY SMART, handsome, and FUNNY.', 0.9227],
  ['VADER is VERY SMART, handsome, and FUNNY!!!', 0.9342],
  ['VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!', 0.9469],
  ['VADER is not smart, handsome, nor funny.', -0.7424],
  ['The book was good.', 0.4404],
  ["At least it isn't a horrible book.", 0.431],
  ['The book was only kind of good.', 0.3832],
  ['The plot was good, but the characters are uncompelling and the dialog is not great.', -0.7042],
  ['Today SUX!', -0.5461],
  ["Today only kinda sux! But I'll get by, lol", 0.5249],
  ['Make sure you :) or :D today!', 0.8633],
  ['Not bad at all', 0.431],
];

describe('vaderCompound', () => {
  it.each(REFERENCE)('returns the reference compound for %j', (text, expected) => {
    expect(vaderCompound(text)).toBeCloseTo(expected, 4);
  });

  it('returns the reference scores for the two sentences the unfixed port gets wrong', () => {
    expect(vaderCompound('Not bad at all'), 'capitalised "Not" must negate (port alone: -0.5423)').toBe(
      0.431,
    );
    expect(
      vaderCompound("Today only kinda sux! But I'll get by, lol"),
      'capitalised "But" must contrast (port alone: 0.2228)',
    ).toBe(0.5249);
  });

  it('returns text with only Title-case negators and "but" lower-cased', () => {
    expect(fixVaderCase('Not BAD. But NOT good, Never Nice')).toBe('not BAD. but NOT good, never Nice');
  });

  it('returns 0 for text without sentiment words', () => {
    expect(vaderCompound('gas is 40 gwei today')).toBe(0);
  });
});

describe('vaderCompound against the port it is built on', () => {
  it("returns exactly the port's polarity_scores compound on every fixture post, raw and cleaned", () => {
    const raw = fixturePosts().map((p) => postText(p.title, p.selftext));
    const texts = [...raw, ...raw.map(cleanText).filter((t): t is string => t !== null)];
    const diffs = texts.filter((t) => vaderCompound(t) !== vaderCompoundReference(t));
    expect(texts.length).toBeGreaterThan(500);
    expect(diffs, 'the fast tokenizer must not change a single score').toEqual([]);
  });

  it('returns tokens exactly as the port splits punctuation affixes', () => {
    expect(wordsAndEmoticons("Hi, (you) 'ok' :) x!! don't -- ?!?wow")).toEqual([
      'Hi',
      '(you)',
      "'ok'",
      ':)',
      'x!!',
      "don't",
      '--',
      'wow',
    ]);
  });

  describe.skipIf(!SHARED_DATA)('on all real posts in ../shared/data (skipped without it)', () => {
    it("returns the port's compound on all 7,000+ cleaned r/ethereum posts", () => {
      const posts = loadRedditCsv(sharedPath('reddit/r_ethereum_posts_2020-11_2021-04.csv'));
      const texts = posts
        .map((p) => cleanText(postText(p.title, p.selftext)))
        .filter((t): t is string => t !== null);
      const diffs = texts.filter((t) => vaderCompound(t) !== vaderCompoundReference(t));
      expect(texts.length).toBeGreaterThan(7000);
      expect(diffs).toEqual([]);
    }, 180_000);
  });
});
