import { describe, expect, it } from 'vitest';
import { LOCALE, formatCompact, formatNumber, setNumberLocale } from './format';

describe('numbers in the page', () => {
  it('are written in one fixed locale', () => {
    expect(LOCALE).toBe('en');
    expect(formatNumber(1234567)).toBe('1,234,567');
  });

  it("fit a chart's ticks when large, in the page's language", () => {
    expect([formatCompact(2_500_000), formatCompact(10_000_000), formatCompact(30)]).toEqual(['2.5M', '10M', '30']);
    setNumberLocale('ko');
    expect(formatCompact(2_500_000)).toBe('250만');
    setNumberLocale(LOCALE);
  });

  it('never throw for a locale tag the engine refuses, as uPlot formats with navigator.language', () => {
    // WebKit under LANG=C.UTF-8 reports navigator.language "C"; before format.ts this threw a RangeError
    expect(new Intl.NumberFormat('C').format(1234.5)).toBe('1,234.5');
    expect(Intl.NumberFormat('C').format(2)).toBe('2');
    expect(new Intl.NumberFormat('C') instanceof Intl.NumberFormat).toBe(true);
    expect(new Intl.DateTimeFormat('C', { timeZone: 'UTC', year: 'numeric' }).format(new Date(0))).toBe('1970');
    expect(Intl.NumberFormat.supportedLocalesOf('C')).toEqual([]);
  });

  it('keep every valid tag and every option error as they were', () => {
    expect(new Intl.NumberFormat('de-DE').format(1234.5)).toBe('1.234,5');
    expect(new Intl.NumberFormat('ar-EG-u-nu-latn').resolvedOptions().numberingSystem).toBe('latn');
    expect(() => new Intl.NumberFormat('en', { maximumFractionDigits: 500 })).toThrow(RangeError);
    expect(() => new Intl.NumberFormat('C', { style: 'currency' })).toThrow(TypeError);
  });
});
