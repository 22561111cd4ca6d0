// The Korean page's machinery, loaded with the catalog only in Korean (i18n.ts imports it on demand):
// it imports nothing of the page's own bundle, whose main module awaits it.

import { ko, koHtml } from './ko';
import lessonsKo from './lessons.ko.json';

export type Catalog = Readonly<Record<string, string>>;
/** The lessons' English texts (lessons/data/), handed in so this chunk does not import the page's bundle. */
export type LessonsEn = readonly { id: string; title: string; predict: { question: string; answers: readonly string[]; why: string }; steps: readonly { text: string }[]; rerun?: { label: string } }[];

interface LessonKo {
  title: string;
  predict: { question: string; answers: string[]; why: string };
  steps: string[];
  rerun?: string;
}

/** English → Korean for the lessons' texts, paired by lesson id and position (the lesson files keep checks and figures). */
export function lessonPairs(lessons: LessonsEn, ko: Readonly<Record<string, LessonKo>>): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const lesson of lessons) {
    const own = ko[lesson.id];
    if (own === undefined) continue;
    pairs[lesson.title] = own.title;
    pairs[lesson.predict.question] = own.predict.question;
    pairs[lesson.predict.why] = own.predict.why;
    lesson.predict.answers.forEach((answer, i) => (pairs[answer] = own.predict.answers[i] ?? answer));
    lesson.steps.forEach((step, i) => (pairs[step.text] = own.steps[i] ?? step.text));
    if (lesson.rerun !== undefined && own.rerun !== undefined) pairs[lesson.rerun.label] = own.rerun;
  }
  return pairs;
}

/** Conditions one after another (a compare row's): read item by item. */
const LIST = '{0}; {1}';
const PLACEHOLDER = /\{(\d+)\}/g;
const HAS_PLACEHOLDER = /\{\d+\}/;

/** A translation, the English letters it leaves and how many patterns it took (the simpler reading of two is the right one). */
interface Reading {
  text: string;
  latin: number;
  patterns: number;
}

/** Translates whole texts and texts with numbered placeholders ("Step {0}"); a filled-in value is translated too. */
export class Translator {
  private readonly exact = new Map<string, string>();
  private readonly patterns: { pattern: RegExp; into: string; quoted: ReadonlySet<string>; fixed: number }[] = [];
  private readonly known = new Map<string, Reading | null>(); // texts read before: the page writes the same ones again and again

  constructor(catalog: Catalog) {
    for (const [from, into] of Object.entries(catalog)) {
      if (!HAS_PLACEHOLDER.test(from)) this.exact.set(normalize(from), into);
      else this.patterns.push({ pattern: compile(from), into, quoted: verbatim(from), fixed: from === LIST ? Infinity : from.replace(PLACEHOLDER, '').length });
    }
    // the most specific first, for a tie between readings; a list first, so that no item's pattern reaches across its join
    this.patterns.sort((a, b) => b.fixed - a.fixed);
  }

  /** The Korean of `text`, or undefined when the catalog has none (text without Latin letters needs none). */
  text(text: string): string | undefined {
    const key = normalize(text);
    if (!/[A-Za-z]/.test(key)) return undefined;
    return this.read(key)?.text;
  }

  private read(key: string): Reading | undefined {
    const known = this.known.get(key);
    if (known !== undefined) return known ?? undefined;
    const reading = this.direct(key) ?? this.asSentence(key);
    if (this.known.size > 5000) this.known.clear();
    this.known.set(key, reading ?? null);
    return reading;
  }

  /** A core message the page shows as a sentence (capitalised, a full stop added) is the catalog's lower-case message. */
  private asSentence(key: string): Reading | undefined {
    const lowered = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
    const whole = lowered(key) === key ? undefined : this.direct(lowered(key));
    const bare = key.endsWith('.') ? this.direct(lowered(key.slice(0, -1))) : undefined;
    const stopped = bare === undefined || bare.text.endsWith('.') ? bare : { ...bare, text: `${bare.text}.` };
    return better(whole, stopped);
  }

  /** The catalog's entry for `key`, or its best reading by the patterns. */
  private direct(key: string): Reading | undefined {
    const found = this.exact.get(key);
    if (found !== undefined) return { text: found, latin: latinLetters(found), patterns: 0 };
    // a sentence can fit more than one pattern ("Opening {0} failed: {1}." and a fragment of the core's inside it):
    // the reading that leaves the least English wins, then the one of fewest patterns, then the most specific
    let best: Reading | undefined;
    for (const { pattern, into, quoted } of this.patterns) {
      const match = pattern.exec(key);
      if (match === null) continue;
      let patterns = 1;
      const text = into.replace(PLACEHOLDER, (_, i: string) => {
        const value = match.groups?.[`p${i}`] ?? '';
        const reading = quoted.has(i) || !/[A-Za-z]/.test(value) ? undefined : this.read(normalize(value));
        patterns += reading?.patterns ?? 0;
        return reading?.text ?? value;
      });
      if (text === key) continue; // a pattern that only frames ("{0}: {1}.") and changed nothing
      best = better(best, { text, latin: latinLetters(text), patterns });
    }
    return best;
  }
}

function better(a: Reading | undefined, b: Reading | undefined): Reading | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  if (a.latin !== b.latin) return b.latin < a.latin ? b : a;
  return b.patterns < a.patterns ? b : a;
}

/** A quoted value is the user's or the model's text (a prompt, a word), a value in backticks a name in code: it stays as written; the prediction verdict quotes a lesson's answer. */
function verbatim(from: string): ReadonlySet<string> {
  if (from.startsWith('Your prediction')) return new Set();
  return new Set([...from.matchAll(/["“`]\{(\d+)\}["”`]/g)].map((m) => m[1] ?? ''));
}

function latinLetters(text: string): number {
  return text.match(/[A-Za-z]/g)?.length ?? 0;
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function compile(from: string): RegExp {
  const source = normalize(from)
    .split(PLACEHOLDER)
    .map((part, i) => (i % 2 === 1 ? `(?<p${part}>.+?)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

const ATTRIBUTES = ['aria-label', 'title', 'placeholder'];
/** What the model or the user wrote (samples, next characters, strips, tagged words) and quoted examples: never translated. */
const MODEL_TEXT = 'script, style, textarea, q, em, kbd, code, mark, #sample-text, #next-chars, .strip-cells, .word, .prompt-marked, [data-untranslated]';

/** Swaps every text node and labelling attribute under `root` that the catalog has; `data-i18n` elements as one piece of HTML. */
export function translateTree(root: Node, translator: Translator, html: Catalog): void {
  if (root instanceof Element) translateElement(root, translator, html);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    if (node instanceof Element) translateElement(node, translator, html);
    else translateText(node as Text, translator);
  }
}

function translateElement(element: Element, translator: Translator, html: Catalog): void {
  const key = element.getAttribute('data-i18n');
  if (key !== null && html[key] !== undefined) {
    element.removeAttribute('data-i18n');
    element.innerHTML = html[key];
  }
  for (const name of ATTRIBUTES) translateAttribute(element, name, translator);
  if (element instanceof HTMLMetaElement && element.name === 'description') translateAttribute(element, 'content', translator);
}

function translateAttribute(element: Element, name: string, translator: Translator): void {
  const value = element.getAttribute(name);
  const into = value === null ? undefined : translator.text(value);
  // an unchanged write would be observed again, and again
  if (into !== undefined && into !== value) element.setAttribute(name, into);
}

function translateText(node: Text, translator: Translator): void {
  const parent = node.parentElement;
  if (parent === null || parent.closest(MODEL_TEXT) !== null) return;
  const into = translator.text(node.data);
  if (into === undefined) return;
  const lead = /^\s*/.exec(node.data)?.[0] ?? '';
  const trail = /\s*$/.exec(node.data)?.[0] ?? '';
  const data = `${lead}${into}${trail}`;
  if (data !== node.data) node.data = data;
}


/**
 * Translates the page under `root` and keeps translating what the modules write later; returns the
 * translation of one text, for what the page draws on a canvas.
 */
export function translatePage(root: Element, lessons: LessonsEn): (text: string) => string | undefined {
  const translator = new Translator({ ...ko, ...lessonPairs(lessons, lessonsKo as Record<string, LessonKo>) });
  translateTree(root, translator, koHtml);
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'characterData') translateText(record.target as Text, translator);
      else if (record.type === 'attributes') translateAttribute(record.target as Element, record.attributeName ?? '', translator);
      else record.addedNodes.forEach((node) => (node instanceof Text ? translateText(node, translator) : translateTree(node, translator, koHtml)));
    }
  }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
  return (text) => translator.text(text);
}
