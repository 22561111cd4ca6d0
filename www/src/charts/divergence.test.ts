import { describe, expect, it } from 'vitest';
import { tickLabel } from './divergence';

describe('tickLabel', () => {
  it('keeps a diverging gradient norm short enough for the axis', () => {
    expect(tickLabel(1e30)).toBe('1e30');
    expect(tickLabel(2e12)).toBe('2e12');
    expect(tickLabel(1e-5)).toBe('1e-5');
    for (let power = -8; power <= 38; power++) expect(tickLabel(10 ** power).length).toBeLessThanOrEqual(5);
  });

  it('writes everyday magnitudes as plain numbers', () => {
    expect([0, 0.01, 0.5, 1, 5, 100, 2000].map(tickLabel)).toEqual(['0', '0.01', '0.5', '1', '5', '100', '2000']);
  });
});
