import { describe, expect, it } from 'vitest';
import { OutcomeCounts, SKIP_REASONS, emptySkipCounts } from '../../src/engine/report/outcomeCounts.js';

describe('OutcomeCounts', () => {
  it('returns skips counted by reason, every reason present in SKIP_REASONS order', () => {
    const o = new OutcomeCounts();
    expect(o.skips).toEqual(emptySkipCounts());
    o.skip('NO_CHANGE');
    o.skip('NO_CHANGE');
    o.skip('MAX_STEP');
    expect(Object.keys(o.skips), 'the report prints them in this order').toEqual([...SKIP_REASONS]);
    expect(o.skips).toMatchObject({ NO_CHANGE: 2, MAX_STEP: 1, COOLDOWN: 0 });
    const copy = o.skips;
    copy.NO_CHANGE = 99;
    expect(o.skips.NO_CHANGE, 'a copy: the counts are not changed through it').toBe(2);
  });

  it('returns rejections by code with the first message, sorted by code', () => {
    const o = new OutcomeCounts();
    o.reject(-2010, 'Duplicate order sent. (a)');
    o.reject(-1013, 'Filter failure: NOTIONAL');
    o.reject(-2010, 'Duplicate order sent. (b)');
    expect(o.rejects()).toEqual({
      '-2010': { count: 2, example: 'Duplicate order sent. (a)' },
      '-1013': { count: 1, example: 'Filter failure: NOTIONAL' },
    });
    expect(Object.keys(o.rejects())).toEqual(['-2010', '-1013']);
  });
});
