import { describe, expect, it } from 'vitest';
import { planWith } from './plan.fixture';
import { inspectionOf, newSession, planned, replay } from './session';

const PLAN = planWith(0.001);

describe("a link's replay waits for the core's plan", () => {
  it('opens at step 0, then retrains to the link\'s step when the plan says it is short', () => {
    const opened = replay(newSession(), 1000);
    expect(opened.effects).toEqual([{ kind: 'restart', target: 0 }]);
    const ready = planned(opened.session, PLAN);
    expect(ready.effects).toEqual([{ kind: 'restart', target: 1000 }]);
    // the retrained model's own plan asks nothing more
    expect(planned(ready.session, PLAN).effects).toEqual([]);
  });

  it('asks first when the plan says the replay would be long', () => {
    const ready = planned(replay(newSession(), 1_000_000).session, PLAN); // 1,000 s
    expect(ready.effects).toEqual([
      {
        kind: 'offer',
        key: 'replay',
        label: 'Retrain to step 1,000,000',
        target: 1_000_000,
        text: 'Retraining this link to step 1,000,000 is expected to take about 17 min at its settings, so it has not started: the settings are open at step 0.',
      },
    ]);
  });

  it('inspects what the plan says applies, and nothing before it', () => {
    expect(inspectionOf(newSession(), null)).toBeNull();
    const ready = planned(newSession(), { ...PLAN, reads_gradients: false, agreement_items: null }).session;
    expect(inspectionOf(ready, null)).toMatchObject({ agreementItems: null, flowText: null });
    expect(inspectionOf(planned(newSession(), PLAN).session, null)).toMatchObject({ agreementItems: 10, flowText: expect.any(String) });
  });
});
