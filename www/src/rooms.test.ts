// The page's house rules (issue 16): main.ts only wires, and no file in www/src grows past what one
// reader holds in mind; a file that needs more is a room that wants splitting.
import { describe, expect, it } from 'vitest';

const FILES = import.meta.glob<string>('./**/*', { query: '?raw', import: 'default', eager: true });
const lines = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

describe('www/src', () => {
  it('has main.ts at most 150 lines', () => {
    expect(lines(FILES['./main.ts'] ?? '')).toBeGreaterThan(20);
    expect(lines(FILES['./main.ts'] ?? '')).toBeLessThanOrEqual(150);
  });

  it('has no file over 400 lines, generated and data files included', () => {
    expect(Object.keys(FILES).length, 'every kind of file is read').toBeGreaterThan(60);
    expect(Object.keys(FILES).some((path) => path.endsWith('.json'))).toBe(true);
    const long = Object.entries(FILES).filter(([, text]) => lines(text) > 400).map(([path, text]) => `${path}: ${lines(text)} lines`);
    expect(long).toEqual([]);
  });
});
