// Numbers as the page writes them: one fixed locale, whatever the browser's. The page's words are
// English, and a browser's own language tag can be one Intl refuses: WebKit started with
// LANG=C.UTF-8 reports navigator.language "C", and `new Intl.NumberFormat("C")` throws a RangeError.
// Importing this module also makes Intl's formatters fall back to that locale for a tag they refuse,
// for the libraries that format in navigator.language (uPlot does, while its module loads).

/** The locale a refused tag falls back on, and the page's numbers until the page's language is known. */
export const LOCALE = 'en';

let counts = new Intl.NumberFormat(LOCALE);
let compact = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 });

/** Numbers in the page's language from now on ("ko": the same digits and separators, Korean's own tag); never throws. */
export function setNumberLocale(locale: string): void {
  counts = new Intl.NumberFormat(locale);
  compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
}

/** A large count short enough for a chart's tick: "2.5M" ("250만" in Korean). */
export function formatCompact(value: number): string {
  return compact.format(value);
}

/** A whole count or a rounded figure with thousands separators: "12,345". */
export function formatNumber(value: number): string {
  return counts.format(value);
}

/**
 * Replaces Intl.NumberFormat and Intl.DateTimeFormat with constructors that, given a locale tag the
 * engine refuses, use LOCALE instead of throwing; any other tag and every option behave as before.
 * Idempotent.
 */
export function fallBackOnRefusedLocales(intl: typeof Intl = Intl): void {
  intl.NumberFormat = withFallback(intl.NumberFormat);
  intl.DateTimeFormat = withFallback(intl.DateTimeFormat);
}

const GUARDED = Symbol('falls back on refused locales');

type Formatter<T> = { new (locales?: string | string[], options?: never): T; prototype: T; supportedLocalesOf(locales: string | string[]): string[] };

function withFallback<F extends Formatter<object>>(original: F): F {
  if (GUARDED in original) return original;
  // a plain function, so both `new Intl.NumberFormat(tag)` and `Intl.NumberFormat(tag)` work
  function Guarded(locales?: string | string[], options?: never): object {
    try {
      return new original(locales, options);
    } catch (error) {
      if (!(error instanceof RangeError) || refuses(original, locales) === false) throw error;
      return new original(LOCALE, options);
    }
  }
  Guarded.prototype = original.prototype;
  Object.defineProperty(Guarded, GUARDED, { value: true });
  Object.defineProperty(Guarded, 'supportedLocalesOf', { value: (locales: string | string[]) => safeSupported(original, locales) });
  return Guarded as unknown as F;
}

/** Whether the engine refuses the tag itself (true), not the options (false). */
function refuses(original: Formatter<object>, locales: string | string[] | undefined): boolean {
  try {
    original.supportedLocalesOf(locales ?? []);
    return false;
  } catch {
    return true;
  }
}

function safeSupported(original: Formatter<object>, locales: string | string[]): string[] {
  try {
    return original.supportedLocalesOf(locales);
  } catch {
    return [];
  }
}

fallBackOnRefusedLocales();
