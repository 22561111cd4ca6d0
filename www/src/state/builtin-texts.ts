// The built-in real texts (www/public/corpora, docs/corpora.md): where the page fetches each one, only
// when it is chosen, and what the page says about it. The core checks the text's length and digest.

import type { State } from './state';

export type BuiltinCorpus = 'english' | 'korean';

// the page's visible strings of this module, gathered for the catalogs
const SAY = {
  loading: (name: string) => `Loading the text (${name})…`,
  loadingPart: (name: string, got: string, total: string) => `Loading the text (${name}): ${got} of ${total} kB…`,
  failed: (name: string, why: string) => `The text (${name}) could not be loaded: ${why}. Check the connection, then choose it again or press Reset.`,
  names: { english: 'English: Shakespeare', korean: 'Korean: short stories (jamo)' },
  credits: {
    english: 'Shakespeare, from char-rnn’s tinyshakespeare (public domain).',
    korean: 'Korean short stories of the 1920s–30s from KoCoNovel (Kim, Lee & Lee), CC BY-SA 4.0.',
  },
};

export const BUILTIN_FILES: Record<BuiltinCorpus, string> = { english: 'corpora/english.txt', korean: 'corpora/korean.txt' };

export function isBuiltinText(corpus: State['corpus']): corpus is BuiltinCorpus {
  return corpus === 'english' || corpus === 'korean';
}

export const builtinName = (corpus: BuiltinCorpus): string => SAY.names[corpus];
export const builtinCredit = (corpus: BuiltinCorpus): string => SAY.credits[corpus];
export const loadingText = (corpus: BuiltinCorpus): string => SAY.loading(SAY.names[corpus]);

/** Fetches a built-in text relative to the page, reporting its progress; rejects with a sentence saying why. */
export async function fetchBuiltin(corpus: BuiltinCorpus, progress: (message: string) => void): Promise<string> {
  const name = SAY.names[corpus];
  let response: Response;
  try {
    response = await fetch(new URL(BUILTIN_FILES[corpus], document.baseURI));
  } catch (error) {
    throw new Error(SAY.failed(name, error instanceof Error ? error.message : String(error)));
  }
  if (!response.ok) throw new Error(SAY.failed(name, `the server answered ${response.status} ${response.statusText}`.trim()));
  const total = Number(response.headers.get('content-length') ?? 0);
  if (response.body === null || !(total > 0)) return response.text();
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let got = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    got += value.length;
    // a compressed response's length counts fewer bytes than arrive: then only what arrived is said
    progress(got > total ? SAY.loading(name) : SAY.loadingPart(name, String(Math.round(got / 1000)), String(Math.round(total / 1000))));
  }
  const bytes = new Uint8Array(got);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return new TextDecoder().decode(bytes);
}
