import { describe, expect, it } from 'vitest';
import { defaultState, FIELDS, parse } from './state';

// each kind of field as a link's value reads it: bounds kept, and a notice for what had to change
describe('a field read from a link', () => {
  it('uses the default for what is not a number, including what Number() would accept', () => {
    for (const raw of ['abc', '', ' 12', '0x10', 'Infinity', 'NaN', '1e', '--1']) {
      const { state, notices } = parse(`#hidden=${encodeURIComponent(raw)}`);
      const hidden = FIELDS.hidden.default;
      expect(state.hidden).toBe(hidden);
      expect(notices).toEqual([`Link setting "hidden": ${JSON.stringify(raw)} is not a number; used ${hidden}.`]);
    }
  });

  it('rounds integers given with a fraction', () => {
    expect(parse('#layers=2.6')).toEqual({
      state: { ...defaultState(), layers: 3 },
      notices: ['Link setting "layers": "2.6" is not a whole number; used 3.'],
    });
  });

  it('keeps "none" or a bounded number for the recurrent scale', () => {
    expect(parse('#scale=none').state.scale).toBeNull();
    expect(parse('#scale=1.5').state.scale).toBe(1.5);
    expect(parse('#scale=9').notices).toEqual(['Link setting "scale": "9" is above the maximum 3; used 3.']);
    expect(parse('#scale=big')).toEqual({
      state: defaultState(),
      notices: [`Link setting "scale": "big" is neither "none" nor a number; used ${FIELDS.scale.print(FIELDS.scale.default)}.`],
    });
  });

  it('rejects unknown choices and flags', () => {
    const { state, notices } = parse('#cell=transformer&bidirectional=yes&optimizer=ADAM&residual=maybe');
    expect(state).toEqual(defaultState());
    const { cell, optimizer } = defaultState();
    expect(notices).toEqual([
      `Link setting "cell": "transformer" is not one of rnn, gru, lstm; used ${cell}.`,
      'Link setting "bidirectional": "yes" is neither true nor false; used false.',
      `Link setting "optimizer": "ADAM" is not one of sgd, momentum, adagrad, rmsprop, adam; used ${optimizer}.`,
      'Link setting "residual": "maybe" is neither true nor false; used false.',
    ]);
  });

  it('keeps a hostile prompt as plain text, and cuts a long one at 200 characters', () => {
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    expect(parse(`#prompt=${encodeURIComponent(hostile)}`)).toEqual({ state: { ...defaultState(), prompt: hostile }, notices: [] });

    const long = '😀'.repeat(250); // astral characters: the cut must not split a surrogate pair
    const { state, notices } = parse(`#prompt=${encodeURIComponent(long)}`);
    expect(state.prompt).toBe('😀'.repeat(200));
    expect(notices).toEqual(['Link setting "prompt": is 250 characters long, more than 200; used the first 200.']);
  });

  it('reads word pairs, trimming spaces, and rejects malformed ones', () => {
    expect(parse('#pairs=is%20/%20are,has/have').state.pairs).toEqual([
      ['is', 'are'],
      ['has', 'have'],
    ]);
    for (const raw of ['is', 'is/are/be', 'is/', ',', 'a/b,,c/d', `${'x'.repeat(21)}/y`]) {
      const { state, notices } = parse(`#pairs=${encodeURIComponent(raw)}`);
      expect(state.pairs).toEqual(FIELDS.pairs.default);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/^Link setting "pairs": .* is not a list of word pairs/);
    }
    const many = Array.from({ length: 10 }, (_, i) => `a${i}/b${i}`).join(',');
    const { state, notices } = parse(`#pairs=${many}`);
    expect(state.pairs).toHaveLength(8);
    expect(notices).toEqual(['Link setting "pairs": has 10 pairs, more than 8; used the first 8.']);
  });
});
