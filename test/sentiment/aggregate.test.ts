import { describe, expect, it } from 'vitest';
import { aggregateDay, combine, postWeight, weightedMean } from '../../src/engine/sentiment/aggregate.js';
import type { ScoredPost } from '../../src/engine/sentiment/types.js';

const wA = Math.log(1 + 3) + 0.5 * Math.log(1 + 8); // score 3, 8 comments
const wC = 0 + 0.5 * Math.log(1 + 1); // score -5 (clamped to 0), 1 comment

const posts: ScoredPost[] = [
  { id: 'a', score: 3, numComments: 8, vader: 0.5, s: [1, null, null, 0, null] },
  { id: 'b', score: 0, numComments: 0, vader: -0.9, s: [null, null, 1, 0, null] },
  { id: 'c', score: -5, numComments: 1, vader: -0.2, s: [-1, null, null, 0, null] },
];

describe('postWeight', () => {
  it('returns log1p(max(score,0)) + 0.5·log1p(max(comments,0))', () => {
    expect(postWeight(3, 8)).toBeCloseTo(wA, 12);
    expect(postWeight(-5, 1)).toBeCloseTo(wC, 12);
    expect(postWeight(0, 0)).toBe(0);
    expect(postWeight(-3, -2), 'negative inputs clamp to 0').toBe(0);
  });
});

describe('aggregateDay', () => {
  const row = aggregateDay('2021-04-09', posts);

  it('returns the weighted mean per column, worked by hand', () => {
    expect(row.vader).toBeCloseTo((wA * 0.5 + 0 * -0.9 + wC * -0.2) / (wA + wC), 12);
    expect(row.s[0], 'unscored b is left out of s1').toBeCloseTo((wA - wC) / (wA + wC), 12);
    expect(row.s[3]).toBe(0);
    expect(row.posts).toBe(3);
  });

  it('returns null for a column nobody scored and the plain mean when all its weights are 0', () => {
    expect(row.s[1]).toBeNull();
    expect(row.s[4]).toBeNull();
    expect(row.s[2], 'only b (weight 0) scored s3: plain mean').toBe(1);
  });

  it('returns combined as the mean of the available columns', () => {
    const expected = ((row.vader as number) + (row.s[0] as number) + 1 + 0) / 4;
    expect(row.combined).toBeCloseTo(expected, 12);
  });

  it('returns an empty row for a day without posts', () => {
    expect(aggregateDay('2021-04-11', [])).toEqual({
      day: '2021-04-11',
      vader: null,
      s: [null, null, null, null, null],
      posts: 0,
      combined: null,
    });
  });
});

describe('weightedMean and combine', () => {
  it('returns null when there is nothing to average', () => {
    expect(weightedMean([null, null], [1, 1])).toBeNull();
    expect(combine(null, [null, null, null, null, null])).toBeNull();
  });
});
