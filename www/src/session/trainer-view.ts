// What the main experiment's workers say, shown on the page: the training worker's progress and
// model files, the snapshot workers' answers, and every failure as a notice that says what to do.

import type { Charts } from '../charts/charts';
import type { DivergenceView } from '../charts/divergence';
import type { LiveChart } from '../charts/live-chart';
import type { LessonPanel } from '../lessons/lessons';
import type { Comparison } from '../panels/compare';
import { foldingNotice } from '../panels/folding';
import type { Controls } from '../panels/controls';
import type { ModelFiles } from '../panels/model-file';
import type { ModelKind } from '../panels/model-kind';
import type { Notices } from '../panels/notices';
import type { ProbePanel } from '../panels/probe';
import type { Readouts } from '../panels/readouts';
import type { SampleHistory } from '../panels/sample-history';
import type { PromptStrips } from '../panels/strips';
import { showTags } from '../panels/tags';
import type { UnknownChars } from '../panels/unknown-chars';
import { slowStepWarning } from '../state/estimate';
import { CANNOT_RUN } from '../wasm/protocol';
import type { Experiment, ExperimentView } from '../workers/experiment';
import type { StepWait } from '../workers/step-wait';
import * as on from './session';

/** What of the page (page.ts) the main experiment's messages reach. */
export interface Shown {
  readonly session: on.Session;
  readonly elements: { tags: HTMLElement; chartsPanel: HTMLElement };
  readonly notices: Notices;
  readonly readouts: Readouts;
  readonly charts: Charts;
  readonly liveCharts: readonly LiveChart[];
  readonly divergence: DivergenceView;
  readonly strips: PromptStrips;
  readonly probe: ProbePanel;
  readonly controls: Controls;
  readonly samples: SampleHistory;
  readonly unknownChars: UnknownChars;
  readonly comparison: Comparison;
  readonly lessons: LessonPanel;
  readonly experiment: Experiment;
  readonly files: ModelFiles;
  readonly modelKind: ModelKind;
  readonly stepWait: StepWait;
  apply(step: on.Step): void;
  requestProbe(strips?: boolean): void;
  requestSample(): void;
}

export function trainerView(page: Shown): ExperimentView {
  let inspectMs: Record<string, number> = {}; // what each measurement last took, read by the tests
  const variant = () => on.mainVariant(page.session.state);
  const answer = () => {
    page.requestProbe();
    page.requestSample();
  };
  return {
    onProbe(result) {
      page.notices.clear('probe');
      const pairs = page.session.probedPairs;
      page.probe.showProbe(result.prompt, result.step, pairs, result.pairs, result.next);
      page.unknownChars.show(result.prompt, result.unknown);
      page.comparison.answer(page.session.state.cell, result.step, result.pairs[0], pairs[0]);
    },
    onTags(result) {
      page.notices.clear('probe');
      showTags(page.elements.tags, result.tags, result.step);
      page.comparison.tags(variant(), result.step, result.tags);
    },
    onStrips: (result) => page.strips.show(result.saliency, result.gates),
    onSample(result) {
      page.probe.showSample(result.prompt, result.text);
      page.samples.sampled(result.step, result.prompt, result.text);
    },
    onInspect(result) {
      if (result.byAttractors !== null) page.charts.setAgreement(result.step, result.byAttractors);
      for (const chart of page.liveCharts) chart.inspected?.(result);
      if (result.outcome !== null) page.lessons.observe(result.step, result.outcome, !page.experiment.running);
      page.comparison.inspected(variant(), result);
      const { agreement, ...others } = result.milliseconds;
      inspectMs = { ...inspectMs, ...others, ...(result.byAttractors === null ? {} : { agreement }) };
      page.elements.chartsPanel.dataset['inspectMs'] = JSON.stringify(inspectMs);
    },
    onError(request, message) {
      if (message.startsWith(CANNOT_RUN)) return; // the training worker says so already
      if (request === 'probe' || request === 'strips' || request === 'sample') page.notices.show(`The prompt can't be read: ${message}.`, 'probe');
      else page.notices.show(`${request === 'load' ? 'Loading the weights' : 'Looking inside the model'} failed: ${message}.`, request);
    },
    onSnapshotCrash(message) {
      page.notices.show(`${message}; a new one took its place.`, 'snapshot');
      page.requestProbe();
    },
    onTrainerCrash(message) {
      page.readouts.showRunning();
      page.notices.show(`${message}. Press Reset to start again.`, 'trainer');
    },
    onReady(message) {
      const planned = on.planned(page.session, message.plan);
      page.apply({ session: planned.session, effects: [] }); // the plan first: what to inspect and ask follows it
      page.notices.clear('init');
      page.notices.clear('trainer');
      const slow = slowStepWarning(message.plan.seconds_per_step); // once the core has taken the settings
      if (slow !== null) page.notices.show(slow, 'slow');
      page.stepWait.expect(message.plan.seconds_per_step);
      page.modelKind.show(page.session.state, message.plan.reads_gradients);
      const inspection = on.inspectionOf(page.session, page.lessons.check);
      page.experiment.snapshots.setInspection(inspection);
      page.comparison.setInspection(inspection);
      page.controls.showFit(message.plan.fit.message ?? null);
      const folded = message.reading === null ? null : foldingNotice(message.reading);
      if (folded !== null) page.notices.show(folded, 'folding');
      page.readouts.showStep(0, message.fingerprint);
      page.readouts.showWorkers(message.workers);
      page.comparison.describe(variant(), message.parameters, null);
      page.readouts.showRunning();
      answer();
      page.apply({ session: page.session, effects: planned.effects }); // a link's replay goes on, or asks first when it would be long
    },
    onProgress(message) {
      const { experiment, comparison, readouts } = page;
      const settled = !message.running; // training stopped, or a single step ended
      page.charts.push(message.reports, message.validation, message.refused);
      page.samples.validated(message.validation);
      for (const chart of page.liveCharts) chart.progressed?.(message);
      comparison.record(variant(), message.reports, message.running);
      comparison.describe(variant(), experiment.parameters, experiment.charsPerSec);
      readouts.progressed(message);
      page.divergence.show(message.divergence);
      readouts.showWorkers(message.workers);
      comparison.setDiverged(variant(), message.divergence);
      readouts.showRunning();
      if (message.snapshot !== null) {
        const due = on.due(page.session, settled, performance.now());
        page.requestProbe(due.strips); // the bars follow the weights
        if (due.sample || message.validation !== null) page.requestSample(); // every few seconds, and at every validation
      }
    },
    onExported: (bytes) => page.files.download(bytes, `${page.session.state.cell}-step${page.experiment.step}.safetensors`),
    onOpened: (message) => page.apply(on.openModelFile(page.session, message)),
    onImported(message) {
      page.readouts.showStep(message.step, message.fingerprint);
      page.readouts.showRunning();
      answer();
      page.readouts.status = `Opened ${page.session.opening} (step ${message.step}).`;
    },
    onTrainerError(request, message) {
      page.readouts.showRunning();
      if (request === 'init') {
        page.notices.clear('replay'); // settings the core refuses have nothing to replay
        const cannotRun = message.startsWith(CANNOT_RUN); // the browser, not the settings
        page.notices.show(cannotRun ? message : `These settings can't be trained: ${message}.`, 'init');
      } else {
        const opened = request === 'open' || request === 'import';
        const what = opened ? `Opening ${page.session.opening || 'the model'}` : capitalise(request);
        page.notices.show(`${what} failed: ${message}.`, opened ? 'open' : 'trainer');
      }
    },
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
