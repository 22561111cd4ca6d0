import { describe, expect, it } from 'vitest';
import { toConfig } from '../state/config';
import { claimHolds, conditions, leaves, needsAgreement, SEEN_AFTER, UNSEEN, type Variant, type Verdict, type Watch, watchNext } from './lesson-progress';
import { claimConditions, companionsOf, type Lesson, LESSONS, lessonLink, lessonState, predictionVerdict } from './lessons';
import { parse } from '../state/state';

const FILES = import.meta.glob('./data/*.json');

describe('lessons', () => {
  it('are the files of data/, each listed once by data.ts under its own id', () => {
    expect(LESSONS.map((lesson) => `./data/${lesson.id}.json`).sort()).toEqual(Object.keys(FILES).sort());
  });

  it('train in the page exactly what the core test checks (each config maps to settings and back)', () => {
    for (const lesson of LESSONS) {
      const configs = 'rerun' in lesson ? [lesson.config, lesson.rerun.config] : [lesson.config];
      for (const config of configs) expect(toConfig(lessonState(lesson, 1, config), null)).toEqual(config);
    }
  });

  it('are links that name the lesson and step and open as they were printed', () => {
    for (const lesson of LESSONS) {
      const link = lessonLink(lesson, 3);
      expect(link).toContain(`lesson=${lesson.id}&lesson_step=3`);
      const { state, notices } = parse(link);
      expect(notices).toEqual([]);
      expect(state).toEqual(lessonState(lesson, 3));
    }
  });

  it('show only controls the settings form has', () => {
    const settings = ['corpus', 'cell', 'hidden', 'layers', 'connections', 'bidirectional', 'embedding', 'optimizer', 'lr', 'batch', 'bptt', 'clip', 'threshold', 'scale', 'seed'];
    for (const lesson of LESSONS) for (const control of lesson.controls) expect(settings).toContain(control);
  });
});

describe('a lesson says "Seen"', () => {
  it('only after its claim held on SEEN_AFTER evaluations in a row, and then stays seen', () => {
    const run = (holds: boolean[]) => holds.reduce<Watch>((watch, held, i) => watchNext(watch, (i + 1) * 10, held), UNSEEN);
    expect(SEEN_AFTER).toBe(3);
    expect(run([true, true]).seenAt).toBeNull();
    expect(run([true, true, false, true, true]).seenAt, 'a wavering claim is not seen').toBeNull();
    expect(run([false, true, true, true]).seenAt, 'at the third evaluation in a row').toBe(40);
    expect(run([true, true, true, false, false]).seenAt, 'seen stays seen').toBe(30);
    expect(watchNext(UNSEEN, 60, true, true).seenAt, 'the weights of a stopped run no longer change').toBe(60);
    expect(watchNext(UNSEEN, 60, false, true).seenAt).toBeNull();
  });

  it('when the main run holds the check, every `also` run holds it and every contrast run was measured and does not', () => {
    const yes: Verdict = { holds: true, measured: [] };
    const no: Verdict = { holds: false, measured: [] };
    const companions = { also: ['gru'], contrast: ['rnn'] } as const;
    const of = (verdicts: Partial<Record<Variant, Verdict>>) => (variant: Variant) => verdicts[variant] ?? null;
    expect(claimHolds(yes, companions, of({ gru: yes, rnn: no }))).toBe(true);
    expect(claimHolds(no, companions, of({ gru: yes, rnn: no }))).toBe(false);
    expect(claimHolds(yes, companions, of({ gru: no, rnn: no })), 'the GRU must hold it too').toBe(false);
    expect(claimHolds(yes, companions, of({ gru: yes, rnn: yes })), 'the RNN must not').toBe(false);
    expect(claimHolds(yes, companions, of({ gru: yes })), 'an RNN not measured yet shows no contrast').toBe(false);
    expect(claimHolds(null, { also: [], contrast: [] }, of({}))).toBe(false);
  });

  it("names a lesson file's `also` and contrast variants, and ignores native-only contrasts", () => {
    const cells = LESSONS.find((lesson) => lesson.id === 'cells');
    expect(cells && companionsOf(cells)).toEqual({ also: [], contrast: ['rnn', 'gru'] });
    const bidirectional = LESSONS.find((lesson) => lesson.id === 'bidirectional');
    expect(bidirectional && companionsOf(bidirectional)).toEqual({ also: [], contrast: ['forward'] });
    const fake = { ...cells, also: [], contrast: [{ patch: { lr: 1 }, why: 'native only' }, { variant: 'rnn' }] } as unknown as Lesson;
    expect(companionsOf(fake)).toEqual({ also: [], contrast: ['rnn'] });
  });
});

describe("a lesson's progress toward the mark", () => {
  const writer = {
    kind: 'all',
    of: [
      { kind: 'agreement_above', attractors: 0, above: 0.9 },
      { kind: 'prefers', prompt: 'The writer of the books', word: 'is', other: 'are', above: 0.5 },
      { kind: 'agreement_above', attractors: 1, above: 0.8 },
    ],
  };

  it('names each condition in words with its value and target, attractor counts apart', () => {
    const verdict: Verdict = {
      holds: false,
      measured: [
        { check: 'agreement_above', value: 0.97 },
        { check: 'prefers', value: 0.53 },
        { check: 'agreement_above', value: 0.43 },
      ],
    };
    expect(conditions(writer, verdict, null).map((c) => c.text)).toEqual([
      'agreement with 0 attractors: 97%, needs above 90%',
      'P(is) against are after "The writer of the books": 53%, needs above 50%',
      'agreement with 1 attractor: 43%, needs above 80%',
    ]);
    expect(conditions(writer, verdict, null).map((c) => c.met)).toEqual([true, true, false]);
  });

  it('says there is no value yet for null and NaN, and never prints NaN or Infinity', () => {
    const checks = [
      writer,
      { kind: 'trains', bits: 2 },
      { kind: 'layer_ratio_below', below: 0.1 },
      { kind: 'all', of: [{ kind: 'gradient_norm_above', above: 1e6 }, { kind: 'diverged' }] },
      { kind: 'recall_above', distance: 50, above: 0.75 },
    ];
    for (const check of checks) {
      for (const value of [null, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        const verdict: Verdict = { holds: false, measured: leaves(check).map(() => ({ check: 'x', value })) };
        for (const line of conditions(check, verdict, 'RNN', 'contrast')) expect(line.text).not.toMatch(/NaN|Infinity|undefined/);
      }
      for (const line of conditions(check, null, null)) expect(line.text).toContain('measured after the first steps');
    }
    const exploded: Verdict = { holds: true, measured: [{ check: 'gradient_norm_above', value: Number.POSITIVE_INFINITY }, { check: 'diverged', value: 1 }] };
    expect(conditions({ kind: 'all', of: [{ kind: 'gradient_norm_above', above: 1e6 }, { kind: 'diverged' }] }, exploded, null).map((c) => c.text)).toEqual([
      'largest gradient norm: not finite: it exploded, needs above 1.0e6',
      'diverged: yes, needs yes',
    ]);
    expect(conditions({ kind: 'layer_ratio_below', below: 0.1 }, { holds: false, measured: [{ check: 'layer_ratio_below', value: null }] }, null)[0]?.text).toBe(
      "lowest layer's gradient / top layer's: measured after the first steps, needs below 0.10",
    );
  });

  it('names the runs of compare mode: the ones that must hold it and the contrast that must stay below', () => {
    const recall = { kind: 'recall_above', distance: 50, above: 0.75 };
    const verdicts: Partial<Record<Variant, Verdict>> = { rnn: { holds: false, measured: [{ check: 'recall_above', value: 0.12 }] } };
    const lines = claimConditions(
      recall,
      { also: ['lstm'], contrast: ['rnn'] },
      { variant: 'gru', verdict: { holds: true, measured: [{ check: 'recall_above', value: 0.84 }] }, comparing: true },
      (variant) => verdicts[variant] ?? null,
    ).map((c) => c.text);
    expect(lines).toEqual([
      'GRU recall at distance 50: 84%, needs above 75%',
      'LSTM recall at distance 50: measured after the first steps, needs above 75%',
      'RNN recall at distance 50: 12%, must stay at most 75%',
    ]);
    expect(new Set(lines).size, 'no label twice').toBe(lines.length);
  });

  it('shows a run outside the claim beside the mark, without asking anything of it', () => {
    const recall = { kind: 'recall_above', distance: 50, above: 0.75 };
    const [line] = conditions(recall, { holds: false, measured: [{ check: 'recall_above', value: 0.22 }] }, null, 'aside');
    expect(line?.text).toBe('recall at distance 50: 22%, the mark: above 75%');
  });

  it('names a range of attractor counts', () => {
    const check = { kind: 'agreement_above', attractors: 1, up_to: 4, above: 0.7 };
    expect(conditions(check, { holds: false, measured: [{ check: 'agreement_above', value: 0.43 }] }, 'GRU')[0]?.text).toBe('GRU agreement with 1-4 attractors: 43%, needs above 70%');
  });

  it('falls back to a readable name for a kind it does not know', () => {
    const lines = conditions({ kind: 'some_new_measure_above', above: 2 }, { holds: false, measured: [{ check: 'some_new_measure_above', value: 1.5 }] }, null);
    expect(lines.map((c) => c.text)).toEqual(['some new measure: 1.50, needs above 2.00']);
  });

  it('measures agreement with the check when the check is about agreement', () => {
    expect(needsAgreement(writer)).toBe(true);
    expect(needsAgreement({ kind: 'not', check: { kind: 'agreement_above', attractors: 2, above: 0.5 } })).toBe(true);
    expect(needsAgreement({ kind: 'recall_above', distance: 50, above: 0.75 })).toBe(false);
  });
});

describe('predict, then watch', () => {
  it('every lesson asks one question with 2-4 answers, and its right answer is one of them', () => {
    for (const lesson of LESSONS) {
      expect('predict' in lesson, lesson.id).toBe(true);
      if (!('predict' in lesson)) continue;
      const { answers, right, why, question } = lesson.predict;
      expect(answers.length).toBeGreaterThanOrEqual(2);
      expect(answers.length).toBeLessThanOrEqual(4);
      expect(answers[right], lesson.id).toBeDefined();
      expect(question.endsWith('?')).toBe(true);
      expect(why.length).toBeGreaterThan(20);
    }
  });

  it('says whether the prediction held, and why, or just the answer when none was given', () => {
    const predict = { answers: ['is', 'are'], right: 1, why: 'Books is nearer.' };
    expect(predictionVerdict(predict, 1)).toBe('Your prediction held: are. Books is nearer.');
    expect(predictionVerdict(predict, 0)).toBe('Your prediction, "is", did not hold: are. Books is nearer.');
    expect(predictionVerdict(predict, null)).toBe('The answer: are. Books is nearer.');
  });
});
