// The user's own text, kept in this browser's localStorage: links name a text by its fingerprint but
// never carry it, so this is what lets a reload, or the user's own link, find the text again.

import { textDigest } from './state';

const KEY = 'rnn-playground/own-text';

export interface KeptText {
  digest: string;
  text: string;
}

/** Keeps `text` in place of the one kept before; says why when the browser refuses (full, blocked). */
export function keepText(text: string): string | undefined {
  try {
    localStorage.setItem(KEY, JSON.stringify({ digest: textDigest(text), text } satisfies KeptText));
    return undefined;
  } catch (error) {
    const why = error instanceof DOMException ? error.name : String(error);
    return `Your text can't be kept in this browser (${why}), so after a reload it has to be given again.`;
  }
}

/** The kept text, if there is one this page can read. */
export function keptText(): KeptText | null {
  try {
    const raw = localStorage.getItem(KEY);
    const kept: unknown = raw === null ? null : JSON.parse(raw);
    if (typeof kept === 'object' && kept !== null && 'digest' in kept && 'text' in kept) {
      const { digest, text } = kept;
      if (typeof digest === 'string' && typeof text === 'string') return { digest, text };
    }
  } catch {
    // storage blocked, or an entry some other version wrote: as if nothing were kept
  }
  return null;
}
