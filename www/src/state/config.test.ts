import { describe, expect, it } from 'vitest';
import preset from '../../../examples/lstm-agreement.json';
import type { Config } from '../wasm/core-config';
import { FLOW_WINDOW, flowText, fromConfig, toConfig } from './config';
import { defaultState, type State } from './state';

describe('toConfig', () => {
  it('turns the default state into the preset of examples/lstm-agreement.json', () => {
    // the file's step count is the CLI's; the page trains until paused
    const { steps, ...train } = preset.train;
    expect(steps).toBeGreaterThan(0);
    expect(toConfig(defaultState(), null)).toEqual({ ...preset, train });
  });

  it('gives momentum its coefficient and drops the threshold when clipping is off', () => {
    const config = toConfig({ ...defaultState(), optimizer: 'momentum', lr: 0.1, clip: 'none', scale: 0.5 }, null);
    expect(config).toMatchObject({
      model: { recurrent_scale: 0.5 },
      train: { optimizer: { kind: 'momentum', lr: 0.1, momentum: 0.9 }, clip: { kind: 'none' } },
    });
  });

  it('needs the text for a text corpus, which links do not carry', () => {
    const state = { ...defaultState(), corpus: 'text' as const };
    expect(toConfig(state, null)).toEqual({ missing: 'text' });
    expect(toConfig(state, 'hello world')).toMatchObject({ corpus: { kind: 'text', text: 'hello world' } });
  });

  it('reads Hangul as jamo only when asked, and leaves the flag out otherwise, as the core writes it', () => {
    const state = { ...defaultState(), corpus: 'text' as const };
    expect(toConfig(state, '한국어')).toMatchObject({ corpus: { kind: 'text', text: '한국어' } });
    expect(toConfig(state, '한국어')).not.toHaveProperty('corpus.jamo');
    expect(toConfig({ ...state, jamo: true }, '한국어')).toMatchObject({ corpus: { kind: 'text', text: '한국어', jamo: true } });
    expect(toConfig({ ...defaultState(), jamo: true }, null)).not.toHaveProperty('corpus.jamo'); // the grammar has no Hangul
  });
});

describe('fromConfig', () => {
  it("gives back every setting toConfig put in, and the text a page's file carries", () => {
    const state = { ...defaultState(), cell: 'gru' as const, hidden: 96, clip: 'value' as const, threshold: 0.5, scale: 1.5, seed: 9 };
    expect(fromConfig(toConfig(state, null))).toEqual({ patch: expect.objectContaining({ cell: 'gru', hidden: 96, clip: 'value', threshold: 0.5, scale: 1.5, seed: 9 }), text: null, problems: [] });
    const { patch } = fromConfig(toConfig(state, null));
    expect({ ...defaultState(), ...patch }).toEqual(state);
    expect(fromConfig(toConfig({ ...state, corpus: 'text' }, 'my own words')).text).toBe('my own words');
  });

  it("gives back a text model's jamo, and reads a text model without it as syllables", () => {
    const state = { ...defaultState(), corpus: 'text' as const, jamo: true };
    expect(fromConfig(toConfig(state, '한국어')).patch).toMatchObject({ corpus: 'text', jamo: true });
    expect(fromConfig(toConfig({ ...state, jamo: false }, '한국어')).patch).toMatchObject({ corpus: 'text', jamo: false });
    expect(fromConfig(toConfig(defaultState(), null)).patch).not.toHaveProperty('jamo');
  });

  it("reads a CLI file's config, clamping what the page can't show, and ignores what is missing", () => {
    const cli = { model: { cell: 'lstm', hidden: 1024 }, train: { clip: { kind: 'none' } }, corpus: { kind: 'text', path: 'a.txt' } };
    const { patch, text, problems } = fromConfig(cli);
    // the core leaves connections and bidirectional out at their defaults: a file without them has none
    expect(patch).toEqual({ corpus: 'text', jamo: false, cell: 'lstm', hidden: 512, connections: 'none', bidirectional: false, clip: 'none', shards: 1 });
    expect(text).toBeNull();
    expect(problems).toEqual(['The model\'s setting "hidden": "1024" is above the maximum 512; used 512.']);
    expect(fromConfig('garbage')).toEqual({ patch: {}, text: null, problems: [] });
  });
});

describe('the sentiment corpus and deep stacks', () => {
  it('train a tagger: the task, bidirectional and connections as the core writes them', () => {
    const state = { ...defaultState(), corpus: 'sentiment' as const, bidirectional: true, layers: 3, connections: 'dense' as const };
    expect(toConfig(state, null)).toMatchObject({
      model: { layers: 3, residual: false, connections: 'dense', bidirectional: true, task: 'tagging' },
      corpus: { kind: 'sentiment', sentences: 20000 },
    });
    const { patch, problems } = fromConfig(toConfig(state, null));
    expect(problems).toEqual([]);
    expect({ ...defaultState(), ...patch }).toEqual(state);
  });

  it('leave the new fields out at their defaults, so a language model reads as before', () => {
    const config = toConfig(defaultState(), null);
    expect(config).not.toHaveProperty('model.connections');
    expect(config).not.toHaveProperty('model.bidirectional');
    expect(config).not.toHaveProperty('model.task');
  });

  it("read an older file's residual: true as residual connections", () => {
    const old = { model: { cell: 'lstm', layers: 2, residual: true }, corpus: { kind: 'agreement' } };
    expect(fromConfig(old).patch).toMatchObject({ connections: 'residual', bidirectional: false, layers: 2 });
  });
});

describe('flowText', () => {
  it('gives each corpus a fixed text with a window of characters it was trained on', () => {
    const agreement = flowText(defaultState(), null);
    expect(agreement.endsWith('The writer of the books is old. ')).toBe(true);
    expect(Array.from(agreement).length).toBeGreaterThan(FLOW_WINDOW);

    const memory = flowText({ ...defaultState(), corpus: 'memory' }, null);
    expect(memory).toMatch(/^[a-h][.,~-]{50}:[a-h]\n$/); // one line at the default distance of 50
    expect(memory[0]).toBe(memory.at(-2));
  });

  it("takes the end of the user's own text, whole characters only", () => {
    const text = 'ab'.repeat(40) + '🦊'.repeat(FLOW_WINDOW + 1);
    expect(flowText({ ...defaultState(), corpus: 'text' }, text)).toBe('🦊'.repeat(FLOW_WINDOW + 1));
    expect(flowText({ ...defaultState(), corpus: 'text' }, 'short')).toBe('short');
  });
});

describe('shards', () => {
  it('cuts a batch into no more shards than it has streams, and leaves one shard out as the core does', () => {
    const config = (patch: Partial<State>) => toConfig({ ...defaultState(), ...patch }, null) as Config;
    expect(config({ shards: 4, batch: 16 }).train.shards).toBe(4);
    expect(config({ shards: 4, batch: 2 }).train.shards).toBe(2);
    expect(config({ shards: 4, batch: 1 }).train).not.toHaveProperty('shards');
  });
});
