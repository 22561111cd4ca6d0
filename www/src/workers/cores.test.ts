import { describe, expect, it } from 'vitest';
import { cores, workersEach } from './cores';

describe('cores', () => {
  it('takes ?workers=N within 1 to 16, and ignores what is not a count', () => {
    expect(cores('?workers=3')).toBe(3);
    expect(cores('?workers=0')).toBe(1);
    expect(cores('?workers=99')).toBe(16);
    const fallback = cores('');
    expect(fallback).toBeGreaterThanOrEqual(1);
    expect(cores('?workers=-2')).toBe(fallback);
    expect(cores('?workers=two')).toBe(fallback);
  });

  it('shares the cores among the experiments training at once', () => {
    expect(workersEach(1, 4)).toBe(4);
    expect(workersEach(3, 4)).toBe(1);
    expect(workersEach(3, 8)).toBe(2);
    expect(workersEach(3, 2)).toBe(1);
  });
});
