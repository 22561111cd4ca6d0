// i18n/: the page's language. English is written where the page writes it (index.html and the modules), so
// English users load no catalog; in Korean the catalog (ko.ts, keyed by that English text, typed by en.ts),
// the lessons' Korean (lessons.ko.json, beside the lesson files' checks and figures) and korean.ts, which
// swaps every text the page shows, are imported on demand.

import { lessons } from '../lessons/data';
import { setNumberLocale } from '../format';

export type Language = 'en' | 'ko';

/** The link's `lang`, else the browser's language: Korean when it starts with "ko". */
export function chooseLanguage(hash: string, browser: string | undefined): Language {
  const linked = /(?:^#?|&)lang=(en|ko)(?:&|$)/.exec(hash)?.[1];
  if (linked === 'en' || linked === 'ko') return linked;
  return (browser ?? '').toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** The hash with its `lang` set to `language` (other parts kept in order). */
export function withLanguage(hash: string, language: Language): string {
  const parts = hash.replace(/^#/, '').split('&').filter((part) => part !== '' && !part.startsWith('lang='));
  return `#${[...parts, `lang=${language}`].join('&')}`;
}

let translate: ((text: string) => string | undefined) | null = null; // set in Korean, once the catalog is in

/** `text` in the page's language, for what the page draws rather than writes (a chart's canvas). */
export function tr(text: string): string {
  return translate?.(text) ?? text;
}

/**
 * Sets `<html lang>` and, in Korean, loads the catalogs, translates the page and keeps translating what the
 * modules write later. Resolves once the static page is translated, so the page can look up its elements after.
 */
export async function startLanguage(doc: Document = document): Promise<Language> {
  const language = chooseLanguage(doc.location.hash, navigator.language);
  doc.documentElement.lang = language;
  const select = doc.getElementById('lang');
  if (select instanceof HTMLSelectElement) {
    select.value = language;
    // a new language is a fresh page: the link keeps everything else
    select.addEventListener('change', () => {
      doc.location.hash = withLanguage(doc.location.hash, select.value === 'ko' ? 'ko' : 'en');
      doc.location.reload();
    });
  }
  if (language === 'en') return language;
  // public/startup.js waits for this before it judges whether the page started
  doc.documentElement.setAttribute('data-language-pending', '');
  const { translatePage } = await import('./korean').finally(() => doc.documentElement.removeAttribute('data-language-pending'));
  setNumberLocale('ko');
  translate = translatePage(doc.documentElement, lessons);
  return language;
}
