import { describe, expect, it } from 'vitest';
import html from '../../index.html?raw';
import { lessons } from '../lessons/data';
import { formatNumber, setNumberLocale } from '../format';
import { EN, EN_HTML } from './en';
import { chooseLanguage, withLanguage } from './i18n';
import { lessonPairs, Translator } from './korean';
import { ko, koHtml } from './ko';
import lessonsKo from './lessons.ko.json';
import coreMessages from './core-messages.json';

const placeholders = (text: string) => [...text.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
const ids = (text: string) => [...text.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]).sort();

describe('the catalogs', () => {
  it('have the same keys in English and Korean, once each', () => {
    expect(Object.keys(ko).sort()).toEqual([...new Set(EN)].sort());
    expect(new Set(EN).size).toBe(EN.length);
    expect(Object.keys(koHtml).sort()).toEqual([...EN_HTML].sort());
  });

  it('fill in the same placeholders, and every Korean text has Hangul or only names', () => {
    for (const [english, korean] of Object.entries(ko)) {
      expect(placeholders(korean), english).toEqual(placeholders(english));
      expect(korean.trim(), english).not.toBe('');
    }
  });

  // the core's messages come as the page shows them, in English: the list is generated from rnn-core's source (crates/rnn-wasm/tests/core_messages.rs)
  it('have a Korean entry for every message the core can show', () => {
    const keys = new Set<string>(EN);
    expect(coreMessages.filter((message) => !keys.has(message))).toEqual([]);
    // and the translator finds each as the page shows it, values filled in (the Korean of a name alone may be the name)
    const translator = new Translator(ko);
    for (const message of coreMessages.filter((m) => /[\uac00-\ud7a3]/.test(ko[m as keyof typeof ko] ?? ''))) {
      const shown = message.replace(/\{\d+\}/g, '7');
      expect(translator.text(shown), message).toMatch(/[\uac00-\ud7a3]/);
      expect(translator.text(`${shown.charAt(0).toUpperCase()}${shown.slice(1)}.`), message).toMatch(/[\uac00-\ud7a3]/);
    }
  });

  it('name every data-i18n piece of index.html, and the Korean keeps the ids inside it', () => {
    const named = [...html.matchAll(/data-i18n="([^"]+)"/g)].map((m) => m[1]);
    expect(named.sort()).toEqual([...EN_HTML].sort());
    for (const name of EN_HTML) {
      const start = html.indexOf(`data-i18n="${name}"`);
      const tag = html.lastIndexOf('<', start);
      const element = /^<(\w+)/.exec(html.slice(tag))?.[1] ?? '';
      const inner = html.slice(html.indexOf('>', start) + 1, html.indexOf(`</${element}>`, start));
      expect(ids(koHtml[name]), name).toEqual(ids(inner));
    }
  });

  it('translate every lesson: its title, question, answers, why, each step and its rerun', () => {
    const pairs = lessonPairs(lessons, lessonsKo);
    for (const lesson of lessons) {
      const own = (lessonsKo as Record<string, { steps: string[]; predict: { answers: string[] } }>)[lesson.id];
      expect(own, lesson.id).toBeDefined();
      expect(own?.steps.length, lesson.id).toBe(lesson.steps.length);
      expect(own?.predict.answers.length, lesson.id).toBe(lesson.predict.answers.length);
      for (const text of [lesson.title, lesson.predict.question, lesson.predict.why, ...lesson.predict.answers, ...lesson.steps.map((s) => s.text)]) {
        expect(pairs[text], text).toMatch(/[\uac00-\ud7a3]/);
      }
      if ('rerun' in lesson) expect(pairs[lesson.rerun.label]).toMatch(/[\uac00-\ud7a3]/);
    }
    expect(Object.keys(lessonsKo).sort()).toEqual(lessons.map((l) => l.id).sort());
  });
});

describe('the translator', () => {
  const translator = new Translator({ ...ko, ...lessonPairs(lessons, lessonsKo) });

  it('translates whole texts, ignoring spacing, and leaves what it does not know', () => {
    expect(translator.text('  Train ')).toBe('훈련');
    expect(translator.text('Copy\n   link')).toBe('링크 복사');
    expect(translator.text('a sentence the catalog lacks')).toBeUndefined();
    expect(translator.text('0.83')).toBeUndefined();
  });

  it('fills in placeholders, translating each value it knows', () => {
    expect(translator.text('Step 3')).toBe('3단계');
    expect(translator.text('Seen at step 812: look at the agreement chart.')).toBe('812 스텝에서 확인했습니다. 수 일치 차트에서 보세요.');
    expect(translator.text('agreement with 1 attractor: measured after the first steps, needs above 80%')).toBe(
      '유인 명사 1개에서의 수 일치: 첫 스텝들이 지나면 측정, 목표 80% 초과',
    );
    // the prompt in a condition is the user's text, whatever the catalog holds for the same words
    expect(translator.text('P(is) against are after "The writer of the books": 67%, needs above 50%')).toBe('"The writer of the books" 다음 P(is) (are와 비교): 67%, 목표 50% 초과');
    expect(translator.text(`Your prediction, "${lessons[1]?.predict.answers[0] ?? ''}", did not hold: x. y`)).toContain(lessonsKo.vanishing.predict.answers[0]);
    expect(translator.text(`Predict first: ${lessons[1]?.predict.question ?? ''}`)).toBe(`먼저 예측해 보세요: ${lessonsKo.vanishing.predict.question}`);
  });
});

describe('the translator, on the sentences the page composes', () => {
  const translator = new Translator({ ...ko, ...lessonPairs(lessons, lessonsKo) });

  it('reads a core message the page shows as a sentence (capitalised, a full stop added) inside its own frame', () => {
    expect(translator.text("These settings can't be trained: text: the prompt is empty: type at least one character.")).toBe(
      '이 설정으로는 훈련할 수 없습니다: 텍스트: 프롬프트가 비어 있습니다. 적어도 한 글자를 입력하세요.',
    );
    expect(translator.text('The text has 40 characters: the last 2 are held out for validation and the 38 others train as 1 stream of 38 characters read in windows of 37 (batch 1, bptt 37), as batch 16 × (bptt 128 + 1) needs 2064 characters.')).toBe(
      '텍스트가 40자입니다. 마지막 2자는 검증용으로 떼어 두고, 나머지 38자는 38자짜리 스트림 1개로 37자 창 단위로 읽으며 훈련합니다(배치 1, bptt 37). 배치 16 × (bptt 128 + 1)에는 2064자가 필요하기 때문입니다.',
    );
  });

  it('picks the reading that leaves no English: a more specific pattern first, a list item by item', () => {
    expect(translator.text('Step 0: not measured yet')).toBe('0 스텝: 아직 측정 전');
    expect(translator.text('P(positive) for "terribly": 51%, needs above 90%; accuracy where only the words after decide: 49%, needs above 90%')).toBe(
      '"terribly"의 P(긍정): 51%, 목표 90% 초과; 뒤의 단어만이 결정하는 곳의 정확도: 49%, 목표 90% 초과',
    );
    expect(translator.text('Link setting "hidden": "99999" is above the maximum 512; used 512.')).toBe('링크 설정 "hidden": "99999"은(는) 최댓값 512보다 큽니다. 512을(를) 썼습니다.');
    // a frame that changes nothing is no translation
    expect(translator.text('an unknown label: some words.')).toBeUndefined();
  });
});

describe('the language', () => {
  it('is the link\'s, else Korean for a Korean browser, else English', () => {
    expect(chooseLanguage('#v=3&lang=ko', 'en-US')).toBe('ko');
    expect(chooseLanguage('#lang=en&cell=gru', 'ko-KR')).toBe('en');
    expect(chooseLanguage('#cell=gru', 'ko-KR')).toBe('ko');
    expect(chooseLanguage('#cell=gru', 'ko')).toBe('ko');
    expect(chooseLanguage('#lang=fr', 'en-US')).toBe('en');
    expect(chooseLanguage('', 'C')).toBe('en');
    expect(chooseLanguage('', undefined)).toBe('en');
    expect(chooseLanguage('#slang=ko', 'en')).toBe('en');
  });

  it('is set in the hash, keeping the rest of the link', () => {
    expect(withLanguage('#v=3&cell=gru&lang=en', 'ko')).toBe('#v=3&cell=gru&lang=ko');
    expect(withLanguage('', 'ko')).toBe('#lang=ko');
  });

  it('formats numbers in Korean without throwing, as in English', () => {
    setNumberLocale('ko');
    expect(formatNumber(1234567)).toBe('1,234,567');
    setNumberLocale('en');
  });
});
