import { describe, expect, it } from 'vitest';
import { toConfig } from './config';
import { defaultState } from './state';

describe('toConfig', () => {
  it('turns the default state into the preset of examples/lstm-agreement.json', () => {
    expect(toConfig(defaultState(), null)).toEqual({
      model: { cell: 'lstm', hidden: 128, layers: 1, embedding: 32, residual: false, recurrent_scale: null },
      train: {
        batch: 32,
        bptt: 64,
        optimizer: { kind: 'adam', lr: 0.003 },
        clip: { kind: 'norm', threshold: 5.0 },
        seed: 1,
        valid_fraction: 0.05,
      },
      corpus: { kind: 'agreement', sentences: 20000, max_attractors: 4, relative_share: 0.3 },
    });
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
});
