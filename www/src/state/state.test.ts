import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import preset from '../../../examples/lstm-agreement.json';
import { defaultState, FIELD_NAMES, FIELDS, type FieldName, parse, print, REPLAYS_SINCE, type State, textDigest, VERSION } from './state';

// ---- generators from the table itself, so a new field is covered without touching this file -------

const word = (maxChars: number) =>
  fc
    .string({ minLength: 1, maxLength: maxChars, unit: 'grapheme' })
    .filter((w) => w === w.trim() && w !== '' && !/[/,]/.test(w) && Array.from(w).length <= maxChars);

function valueOf(name: FieldName): fc.Arbitrary<unknown> {
  const field = FIELDS[name];
  switch (field.kind) {
    case 'choice':
      return fc.constantFrom(...field.choices);
    case 'integer':
      return fc.integer({ min: field.min, max: field.max });
    case 'real':
      return fc.double({ min: field.min, max: field.max, noNaN: true });
    case 'optional-real':
      return fc.option(fc.double({ min: field.min, max: field.max, noNaN: true }), { nil: null });
    case 'flag':
      return fc.boolean();
    case 'text':
      return fc
        .string({ maxLength: field.maxChars, unit: 'grapheme' })
        .filter((t) => Array.from(t).length <= field.maxChars && !/[\r\n]/.test(t));
    case 'digest':
      return fc.oneof(fc.constant(''), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((n) => n.toString(16).padStart(16, '0')));
    case 'pairs':
      return fc.array(fc.tuple(word(field.maxWordChars), word(field.maxWordChars)), { minLength: 1, maxLength: field.maxPairs });
  }
}

// a valid state: only the sentiment corpus (a tagger) reads both ways, as parse enforces
const anyState = (fc.record(Object.fromEntries(FIELD_NAMES.map((name) => [name, valueOf(name)]))) as fc.Arbitrary<State>).map((state) =>
  state.corpus === 'sentiment' ? state : { ...state, bidirectional: false },
);

// ---- properties ------------------------------------------------------------------------------------

describe('parse and print', () => {
  it('round-trip every valid state exactly, with no notices', () => {
    fc.assert(
      fc.property(anyState, (state) => {
        expect(parse(print(state))).toEqual({ state, notices: [] });
      }),
      { numRuns: 500 },
    );
  });

  it('never throw, and always give a state that prints to a clean link', () => {
    const hashes = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.webFragments(),
      // plausible keys with hostile values hit the field readers, not just the splitter
      fc.array(fc.tuple(fc.constantFrom('v', ...FIELD_NAMES), fc.string({ unit: 'binary' })), { maxLength: 20 }).map(
        (pairs) => `#${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`,
      ),
    );
    fc.assert(
      fc.property(hashes, (hash) => {
        const { state } = parse(hash);
        expect(parse(print(state))).toEqual({ state, notices: [] });
      }),
      { numRuns: 1000 },
    );
  });

  it('open a valid link of any earlier version with its settings, and a notice if it no longer replays', () => {
    fc.assert(
      fc.property(anyState, fc.integer({ min: 1, max: 50 }), (state, older) => {
        const link = print(state).replace(`#v=${VERSION}&`, `#v=${older}&`);
        const { state: opened, notices } = parse(link, older + 1);
        expect(opened).toEqual(state);
        if (older >= REPLAYS_SINCE) {
          expect(notices).toEqual([]);
        } else {
          expect(notices).toHaveLength(1);
          expect(notices[0]).toContain(`earlier version of this page (v=${older}; this page is v=${older + 1})`);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('give the same state for a link whose settings all come twice, and one notice for it', () => {
    fc.assert(
      fc.property(anyState, anyState, (first, last) => {
        const { state, notices } = parse(`${print(first)}&${print(last).slice(1)}`);
        // a link names no text, jamo, lesson, lesson step or language at their defaults, so the first link's stay
        const stays = <K extends 'text' | 'jamo' | 'lesson' | 'lesson_step' | 'lang'>(key: K, none: State[K]) => (last[key] === none ? first[key] : last[key]);
        const kept = { text: stays('text', ''), jamo: stays('jamo', false), lesson: stays('lesson', ''), lesson_step: stays('lesson_step', 1), lang: stays('lang', '') };
        expect(state).toEqual({ ...last, ...kept });
        expect(notices).toHaveLength(1);
        expect(notices[0]).toMatch(/^The link gives \d+ settings \(.*\) more than once; the last value of each was used\.$/);
      }),
      { numRuns: 200 },
    );
  });

  it('never give more notices than one per field and one per kind of ignored part, however long the link', () => {
    const part = fc.oneof(
      fc.tuple(fc.constantFrom('v', ...FIELD_NAMES), fc.string({ unit: 'binary' })).map(([k, v]) => `${k}=${encodeURIComponent(v)}`),
      fc.string({ unit: 'binary' }).map((k) => `${encodeURIComponent(k)}=1`),
      fc.constantFrom('%', '%E0%A4%A', 'novalue', '='),
    );
    fc.assert(
      fc.property(fc.array(part, { minLength: 60, maxLength: 300 }), (parts) => {
        // unreadable, unknown, repeated, version, nothing usable: five besides the fields'
        expect(parse(`#${parts.join('&')}`).notices.length).toBeLessThanOrEqual(FIELD_NAMES.length + 5);
      }),
      { numRuns: 100 },
    );
  });
});

// ---- examples: each notice names the field, what was wrong, and what was used ---------------------

describe('parse', () => {
  it('gives the defaults and no notice for an empty hash', () => {
    expect(parse('')).toEqual({ state: defaultState(), notices: [] });
    expect(parse('#')).toEqual({ state: defaultState(), notices: [] });
  });

  it('defaults to the preset of examples/lstm-agreement.json (see also config.test.ts)', () => {
    const s = defaultState();
    const { model, train, corpus } = preset;
    expect([s.cell, s.hidden, s.layers, s.embedding, s.connections, s.bidirectional, s.scale]).toEqual([
      model.cell,
      model.hidden,
      model.layers,
      model.embedding,
      model.residual ? 'residual' : 'none',
      false,
      model.recurrent_scale,
    ]);
    expect([s.batch, s.bptt, s.optimizer, s.lr, s.clip, s.threshold, s.seed]).toEqual([
      train.batch,
      train.bptt,
      train.optimizer.kind,
      train.optimizer.lr,
      train.clip.kind,
      train.clip.threshold,
      train.seed,
    ]);
    expect([s.corpus, s.compare, s.steps, s.prompt]).toEqual([corpus.kind, false, 0, 'The writer of the books']);
  });

  it('prints a readable link', () => {
    // spelled out, so the example does not change with the preset
    const state: State = {
      ...defaultState(),
      ...{ corpus: 'agreement', cell: 'lstm', hidden: 128, layers: 1, connections: 'none', bidirectional: false, embedding: 32, optimizer: 'adam' },
      ...{ lr: 0.003, batch: 32, bptt: 64, shards: 4, clip: 'norm', threshold: 5, scale: null, seed: 1 },
    };
    expect(print(state)).toBe(
      '#v=4&corpus=agreement&cell=lstm&hidden=128&layers=1&connections=none&bidirectional=false&embedding=32&optimizer=adam' +
        '&lr=0.003&batch=32&bptt=64&shards=4&clip=norm&threshold=5&scale=none&seed=1&compare=false&steps=0' +
        '&prompt=The%20writer%20of%20the%20books&pairs=is/are,was/were,has/have',
    );
  });

  it("names the user's own text by its fingerprint, and ignores a malformed one", () => {
    const { state, notices } = parse('#corpus=text&text=0123456789abcdef');
    expect([state.corpus, state.text, notices]).toEqual(['text', '0123456789abcdef', []]);
    expect(print(state)).toContain('&text=0123456789abcdef&');
    const bad = parse('#corpus=text&text=XYZ');
    expect(bad.state.text).toBe('');
    expect(bad.notices).toEqual(['Link setting "text": "XYZ" is not a text\'s fingerprint (16 hex digits); ignored.']);
  });

  it("fingerprints text with FNV-1a 64 over UTF-8, as published test vectors give", () => {
    // vectors from the FNV reference (isthe.com/chongo/tech/comp/fnv), and one beyond one byte per char
    expect(textDigest('')).toBe('cbf29ce484222325');
    expect(textDigest('a')).toBe('af63dc4c8601ec8c');
    expect(textDigest('foobar')).toBe('85944171f73967e8');
    expect(textDigest('é')).not.toBe(textDigest('e'));
  });

  it('reads a hand-written link without a version as the current version', () => {
    const { state, notices } = parse('#cell=gru&hidden=64');
    expect(notices).toEqual([]);
    expect(state).toEqual({ ...defaultState(), cell: 'gru', hidden: 64 });
  });

  it('clamps numbers out of bounds and says so', () => {
    const { state, notices } = parse(`#v=${VERSION}&hidden=99999&batch=-5&lr=1e999&seed=4294967296`);
    expect(state).toMatchObject({ hidden: 512, batch: 1, lr: 10, seed: 2 ** 32 - 1 });
    expect(notices).toEqual([
      'Link setting "hidden": "99999" is above the maximum 512; used 512.',
      'Link setting "batch": "-5" is below the minimum 1; used 1.',
      'Link setting "lr": "1e999" is above the maximum 10; used 10.',
      'Link setting "seed": "4294967296" is above the maximum 4294967295; used 4294967295.',
    ]);
  });

  it('opens a link from a newer version with the defaults', () => {
    expect(parse(`#v=${VERSION + 1}&cell=gru`)).toEqual({
      state: defaultState(),
      notices: [`The link comes from a newer version of this page (v=${VERSION + 1}; this page reads v=${VERSION}); opened with the default settings.`],
    });
    expect(parse('#v=beta&cell=gru')).toEqual({
      state: defaultState(),
      notices: [`The link has an unknown version "beta" (this page reads v=${VERSION}); opened with the default settings.`],
    });
  });

  it('opens a link of an older version with its settings, and says so where it will not replay exactly', () => {
    // a v=2 link has no shards: it means one
    expect(parse('#v=2&cell=gru&hidden=64', 4).state).toEqual({ ...defaultState(), cell: 'gru', hidden: 64, shards: 1 });
    expect(parse('#v=2&shards=2', 4).state.shards).toBe(2);
    expect(parse('#v=3&cell=gru', 4).state.shards).toBe(defaultState().shards);
    expect(defaultState().shards).toBe(4);
    // v=4 holds the agreement items out of the training text, so a v=3 agreement run no longer replays
    expect(parse('#v=3&cell=gru', 4).notices).toEqual([expect.stringMatching(/^The link was made by an earlier version of this page \(v=3; this page is v=4\)/)]);
    const { state, notices } = parse('#v=1&hidden=99999', 4);
    expect(state.hidden).toBe(512);
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatch(/^The link was made by an earlier version of this page \(v=1; this page is v=4\)/);
    // the current version, a newer one and one that is no version number are not "earlier"
    expect(parse('#v=4&cell=gru', 4).notices).toEqual([]);
    expect(parse('#v=5&cell=gru', 4).notices).toEqual([
      'The link comes from a newer version of this page (v=5; this page reads v=4); opened with the default settings.',
    ]);
    for (const version of ['0', '-1', '02', '1.0']) {
      expect(parse(`#v=${version}&cell=gru`, 4)).toEqual({
        state: defaultState(),
        notices: [`The link has an unknown version "${version}" (this page reads v=4); opened with the default settings.`],
      });
    }
  });

  it('sums up thousands of unknown settings and unreadable parts in one notice each', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `key${i}=${i}`).join('&');
    const broken = Array.from({ length: 500 }, () => '%E0%A4%A').join('&');
    const { state, notices } = parse(`#${keys}&${broken}&hidden=64`);
    expect(state).toEqual({ ...defaultState(), hidden: 64 });
    expect(notices).toEqual([
      'The link has 500 unreadable parts ("%E0%A4%A", "%E0%A4%A", "%E0%A4%A" and 497 more); they were ignored.',
      'The link has 10,000 unknown settings ("key0", "key1", "key2" and 9,997 more); they were ignored.',
    ]);
    expect(parse('#a=1&b=2').notices).toEqual([
      'The link has 2 unknown settings ("a", "b"); they were ignored.',
      'Nothing in the link could be used; opened with the default settings.',
    ]);
  });

  it('uses the last of repeated settings and says so', () => {
    expect(parse('#hidden=16&cell=gru&hidden=64')).toEqual({
      state: { ...defaultState(), cell: 'gru', hidden: 64 },
      notices: ['The link gives "hidden" more than once; its last value was used.'],
    });
    const many = Array.from({ length: 1000 }, (_, i) => `hidden=${8 + (i % 100)}&seed=${i}&v=${VERSION}`).join('&');
    const { state, notices } = parse(`#${many}`);
    expect([state.hidden, state.seed]).toEqual([8 + (999 % 100), 999]);
    expect(notices).toEqual(['The link gives 3 settings ("hidden", "seed", "v") more than once; the last value of each was used.']);
  });

  it('removes line breaks from a prompt, which one line of text cannot hold, and says so', () => {
    expect(parse(`#prompt=${encodeURIComponent('\n\r\n')}`)).toEqual({
      state: { ...defaultState(), prompt: '' },
      notices: ['Link setting "prompt": is only line breaks, which one line of text cannot hold; left it empty.'],
    });
    expect(parse(`#prompt=${encodeURIComponent('The writer\nof the books')}`)).toEqual({
      state: { ...defaultState(), prompt: 'The writerof the books' },
      notices: ['Link setting "prompt": has line breaks, which one line of text cannot hold; removed them.'],
    });
    const { state, notices } = parse(`#prompt=${encodeURIComponent(`\n${'x'.repeat(201)}`)}`);
    expect(state.prompt).toBe('x'.repeat(200));
    expect(notices).toEqual([
      'Link setting "prompt": has line breaks, which one line of text cannot hold; removed them; ' +
        'it also is 201 characters long, more than 200; used the first 200.',
    ]);
  });

  it('opens garbage with the defaults, ignoring unknown settings and unreadable parts', () => {
    expect(parse('#hello%20world')).toEqual({
      state: defaultState(),
      notices: [
        'The link has an unreadable part "hello%20world"; it was ignored.',
        'Nothing in the link could be used; opened with the default settings.',
      ],
    });
    expect(parse('#cell=%E0%A4%A&colour=red&hidden=64')).toEqual({
      state: { ...defaultState(), hidden: 64 },
      notices: [
        'The link has an unreadable part "cell=%E0%A4%A"; it was ignored.',
        'The link has an unknown setting "colour"; it was ignored.',
      ],
    });
  });

  it('carries the sentiment corpus, bidirectional layers and connections, and prints them back', () => {
    const link = '#v=4&corpus=sentiment&cell=gru&layers=3&connections=dense&bidirectional=true&prompt=the%20movie%20was%20terribly%20exciting.';
    const { state, notices } = parse(link);
    expect(notices).toEqual([]);
    expect([state.corpus, state.cell, state.layers, state.connections, state.bidirectional, state.prompt]).toEqual([
      'sentiment',
      'gru',
      3,
      'dense',
      true,
      'the movie was terribly exciting.',
    ]);
    expect(print(state)).toContain('&connections=dense&bidirectional=true&');
    expect(parse(print(state))).toEqual({ state, notices: [] });
  });

  it('opens links from before these settings with their defaults: none, forward-only, a language model', () => {
    // a link as the page printed it before connections and bidirectional existed (residual was a checkbox)
    const old = '#v=2&corpus=agreement&cell=lstm&hidden=64&layers=2&residual=false&embedding=32&optimizer=adam&lr=0.003';
    const { state, notices } = parse(old);
    // it opens, and says that retraining it will not replay it (v=4 changed every agreement run)
    expect(notices).toEqual([expect.stringMatching(/^The link was made by an earlier version of this page \(v=2;/)]);
    // and before shards: one shard, the run it made then (the page's default is four)
    expect({ ...state }).toEqual({ ...defaultState(), layers: 2, shards: 1, lr: 0.003 });
    expect([state.connections, state.bidirectional]).toEqual(['none', false]);
    // residual=true meant what connections=residual means now, unless the link names its connections too
    expect(parse(old.replace('residual=false', 'residual=true')).state.connections).toBe('residual');
    expect(parse(`${old.replace('residual=false', 'residual=true')}&connections=dense`).state.connections).toBe('dense');
    expect(print(parse(old.replace('residual=false', 'residual=true')).state)).not.toContain('residual=');
  });

  it('refuses a bidirectional language model, saying why', () => {
    const { state, notices } = parse('#corpus=memory&bidirectional=true');
    expect([state.corpus, state.bidirectional]).toEqual(['memory', false]);
    expect(notices).toEqual([
      'Link setting "bidirectional": only the sentiment corpus can be read both ways (a language model cannot read ahead: ' +
        'the backward direction would already have read the character it predicts); used false.',
    ]);
  });

  it('cuts quoted text in notices short', () => {
    const { notices } = parse(`#cell=${'x'.repeat(500)}`);
    expect(notices[0]).toBe(`Link setting "cell": "${'x'.repeat(40)}…" is not one of rnn, gru, lstm; used ${defaultState().cell}.`);
  });
});
