// The page around one session: it builds the panels, charts and the main experiment from the page's
// elements, hands every event to a transition of session.ts, and carries out the effects that come back.
// What the page knows between events lives in `session`; the panels keep only what they draw.

import { Charts, type ChartElements } from '../charts/charts';
import { DivergenceView } from '../charts/divergence';
import type { LiveChart } from '../charts/live-chart';
import { LessonPanel, type LessonElements } from '../lessons/lessons';
import { type CompareElements, Comparison } from '../panels/compare';
import { Controls, type OwnTextElements } from '../panels/controls';
import { ModelFiles } from '../panels/model-file';
import { type CorpusElements, ModelKind, type ModelKindElements } from '../panels/model-kind';
import { Notices } from '../panels/notices';
import { type ProbeElements, ProbePanel } from '../panels/probe';
import { type ReadoutElements, Readouts } from '../panels/readouts';
import { SampleHistory, type SampleHistoryElements } from '../panels/sample-history';
import { PromptStrips, type StripElements } from '../panels/strips';
import { showTags } from '../panels/tags';
import { UnknownChars } from '../panels/unknown-chars';
import { toConfig } from '../state/config';
import { fetchBuiltin, loadingText } from '../state/builtin-texts';
import { keepText, keptText } from '../state/kept-text';
import { isTagging } from '../state/state';
import { workersEach } from '../workers/cores';
import { Experiment } from '../workers/experiment';
import { StepWait } from '../workers/step-wait';
import { LocationLink } from './location';
import * as on from './session';
import { type Shown, trainerView } from './trainer-view';

const SAMPLE_LENGTH = 200;

/** Every element the page drives, looked up once by main.ts. */
export interface PageElements {
  buttons: { train: HTMLButtonElement; pause: HTMLButtonElement; step: HTMLButtonElement; reset: HTMLButtonElement; copyLink: HTMLButtonElement; download: HTMLButtonElement; compare: HTMLButtonElement };
  compareHint: HTMLElement;
  readouts: ReadoutElements;
  notices: HTMLElement;
  stepWait: HTMLElement;
  charts: ChartElements;
  chartsPanel: HTMLElement;
  modelKind: ModelKindElements;
  tags: HTMLElement;
  corpus: CorpusElements;
  strips: StripElements;
  greyed: HTMLElement[]; // the readouts a diverged run's answers grey out
  prompt: HTMLInputElement;
  compare: CompareElements;
  settings: HTMLFormElement;
  ownText: OwnTextElements;
  lessons: LessonElements;
  probe: ProbeElements;
  samples: SampleHistoryElements;
  openModel: HTMLInputElement;
  openModelName: HTMLOutputElement;
}

export class Page implements Shown {
  session = on.newSession();
  readonly notices: Notices;
  readonly stepWait: StepWait;
  readonly charts: Charts;
  readonly modelKind: ModelKind;
  readonly strips: PromptStrips;
  readonly divergence: DivergenceView;
  readonly unknownChars: UnknownChars;
  readonly experiment: Experiment;
  readonly readouts: Readouts;
  readonly comparison: Comparison;
  readonly controls: Controls;
  readonly lessons: LessonPanel;
  readonly probe: ProbePanel;
  readonly samples: SampleHistory;
  readonly files: ModelFiles;
  readonly location: LocationLink;

  /** `liveCharts`: the charts beside the curves, each fed every report and inspection (charts/live-chart.ts). */
  constructor(
    readonly elements: PageElements,
    readonly liveCharts: readonly LiveChart[],
  ) {
    const { buttons } = elements;
    this.notices = new Notices(elements.notices);
    this.stepWait = new StepWait(elements.stepWait);
    this.charts = new Charts(elements.charts);
    this.modelKind = new ModelKind(elements.modelKind, elements.corpus);
    this.strips = new PromptStrips(elements.strips);
    this.samples = new SampleHistory(elements.samples);
    this.divergence = new DivergenceView(this.notices, this.charts, elements.greyed);
    this.unknownChars = new UnknownChars(elements.prompt);
    this.experiment = new Experiment('trainer', trainerView(this), true, this.stepWait);
    this.readouts = new Readouts(elements.readouts, buttons, this.experiment);
    this.comparison = new Comparison(elements.compare, (message) => this.notices.show(message, 'compare'), (variant, _step, verdict) => this.lessons.observeCompanion(variant, verdict));
    this.controls = new Controls(elements.settings, elements.ownText, {
      onChange: (patch, problem) => this.apply(on.changeSettings(this.session, patch, problem, keptText)),
      onText: (text, problem) => this.apply(on.giveText(this.session, text, problem)),
    });
    this.lessons = new LessonPanel(elements.lessons, {
      onSettings: (next) => this.apply(on.settle(this.session, next, next.steps)),
      onControls: (names) => this.controls.showOnly(names),
      onCheck: (check, companions) => {
        this.experiment.snapshots.setCheck(check);
        this.comparison.setCheck(check, companions);
      },
    });
    this.probe = new ProbePanel(elements.probe, {
      onQuestion: (problem) => {
        this.apply(on.askQuestion(this.session, this.probe.prompt, this.probe.pairs, problem));
        this.modelKind.showCorpus(this.session.state);
        this.requestProbe();
        this.requestSample();
      },
      onSample: () => this.requestSample(),
    });
    this.files = new ModelFiles(elements.openModel, elements.openModelName, {
      onChosen: (name) => (this.session = { ...this.session, opening: name }),
      onBytes: (bytes, name) => this.experiment.open(bytes, name),
      onProblem: (message) => this.notices.show(message, 'open'),
    });
    this.location = new LocationLink((hash) => this.apply(on.openLink(this.session, hash, keptText)), () => this.session.state);
    this.wireButtons();
  }

  /** Takes the transition's session, then carries out its effects in order. */
  apply({ session, effects }: on.Step): void {
    this.session = session;
    for (const effect of effects) {
      switch (effect.kind) {
        case 'notice':
          this.notices.show(effect.text, effect.key);
          break;
        case 'notices':
          this.notices.showAll(effect.texts, effect.key);
          break;
        case 'clear':
          this.notices.clear(effect.key);
          break;
        case 'offer':
          this.notices.show(effect.text, effect.key, [{ label: effect.label, run: () => this.restart(effect.target) }]);
          break;
        case 'show':
          this.show();
          break;
        case 'text':
          this.controls.showText(effect.text ?? '');
          break;
        case 'keep': {
          const unkept = keepText(effect.text);
          if (unkept !== undefined) this.notices.show(unkept, 'text-store');
          break;
        }
        case 'question':
          this.probe.show(effect.prompt, effect.pairs);
          break;
        case 'pairs':
          this.probe.showPairs(effect.pairs);
          break;
        case 'restart':
          this.restart(effect.target);
          break;
        case 'import':
          // a model file of a built-in text waits for the text: its weights go in once the trainer is made
          if (this.loading !== null) this.importing = effect.bytes;
          else this.experiment.importModel(effect.bytes);
          break;
      }
    }
  }

  /** The settings as they are now, everywhere they show (the link follows once they pause). */
  private show(): void {
    const { state } = this.session;
    this.controls.show(state);
    this.lessons.show(state); // its step links and close link carry the settings as they are now
    this.elements.buttons.compare.setAttribute('aria-pressed', String(state.compare));
    this.elements.compareHint.textContent = isTagging(state)
      ? 'Trains forward-only and bidirectional side by side with the same settings.'
      : 'Trains RNN, GRU and LSTM side by side with the same settings.';
    this.comparison.toggle(state.compare);
    this.charts.setThreshold(state.clip === 'norm' ? state.threshold : null);
    this.location.writeSoon();
  }

  /** Creates a fresh trainer from the settings, then trains it to `target` steps (for links). */
  restart(target = 0): void {
    const { state } = this.session;
    const config = toConfig(state, on.textOf(this.session));
    this.experiment.forget();
    this.lessons.restart();
    // what to inspect follows the core's plan, which comes with the new trainer (see trainer-view's onReady)
    this.session = on.restarted(this.session);
    this.experiment.snapshots.setInspection(null);
    this.comparison.setInspection(null);
    this.charts.clear();
    this.divergence.clear();
    this.comparison.setDiverged(on.mainVariant(state), null);
    for (const chart of this.liveCharts) chart.reset(state);
    this.modelKind.show(state, true); // the dense stack's note waits for the plan
    showTags(this.elements.tags, null, null);
    this.probe.clearAnswers();
    this.samples.clear();
    this.controls.showFit(null);
    this.strips.clear();
    this.readouts.clear();
    for (const key of ['replay', 'slow', 'folding']) this.notices.clear(key);
    if ('missing' in config) {
      const wanted = on.builtinWanted(this.session);
      if (wanted === null) this.notices.show(on.askForText(this.session), 'init');
      else this.loadBuiltin(wanted);
      return;
    }
    this.experiment.start(config, target, workersEach(state.compare ? (isTagging(state) ? 2 : 3) : 1));
    this.comparison.restart(on.mainVariant(state), (variant) => on.configOf(this.session, variant), target);
  }

  private loading: string | null = null; // the built-in text being fetched, so a second restart doesn't fetch it again
  private importing: Uint8Array<ArrayBuffer> | null = null; // a model file's weights waiting for that text

  /** Fetches a built-in text, saying so while it loads; the settings train once it is here (if still chosen). */
  private loadBuiltin(corpus: Parameters<typeof fetchBuiltin>[0]): void {
    this.notices.show(loadingText(corpus), 'init');
    if (this.loading === corpus) return;
    this.loading = corpus;
    const say = (message: string) => {
      if (this.session.state.corpus === corpus) this.notices.show(message, 'init');
    };
    fetchBuiltin(corpus, say).then(
      (text) => {
        this.loading = null;
        const opened = this.importing;
        this.importing = null;
        this.apply(on.builtinLoaded(this.session, corpus, text, opened));
      },
      (error: unknown) => {
        this.loading = null;
        this.importing = null;
        say(error instanceof Error ? error.message : String(error));
      },
    );
  }

  /** The bars for the prompt, and with `strips` the strips under it too. */
  requestProbe(strips = true): void {
    if (!this.experiment.ready) return;
    const { session, ask } = on.nextProbe(this.session, strips, performance.now());
    this.session = session;
    if ('tags' in ask) {
      this.experiment.snapshots.tags(ask.tags);
      this.comparison.ask(ask.tags, undefined);
      return;
    }
    this.experiment.snapshots.probe(ask.prompt, ask.pairs, ask.strips, ask.saliency);
    this.comparison.ask(ask.prompt, ask.pairs[0]);
  }

  requestSample(): void {
    if (!this.experiment.ready) return;
    const drawn = on.nextSample(this.session, performance.now());
    if (drawn === null) return;
    this.session = drawn.session;
    this.experiment.snapshots.sample(this.session.state.prompt, SAMPLE_LENGTH, this.probe.temperature, drawn.seed);
  }

  private wireButtons(): void {
    const { buttons } = this.elements;
    const { experiment, comparison } = this;
    buttons.train.addEventListener('click', () => {
      if (!experiment.ready) return;
      experiment.train();
      comparison.train();
      this.readouts.showRunning();
    });
    buttons.pause.addEventListener('click', () => {
      experiment.pause();
      comparison.pause();
    });
    buttons.step.addEventListener('click', () => {
      experiment.stepOnce();
      comparison.stepOnce();
    });
    // the main model starts over with the extra ones, so all three train from the same moment
    buttons.compare.addEventListener('click', () => this.apply(on.settle(this.session, { ...this.session.state, compare: !this.session.state.compare, steps: 0 })));
    buttons.reset.addEventListener('click', () => this.apply(on.settle(this.session, { ...this.session.state, steps: 0 })));
    buttons.copyLink.addEventListener('click', () => {
      const state = { ...this.session.state, steps: experiment.step };
      this.session = { ...this.session, state };
      this.location.write(state);
      const link = window.location.href;
      navigator.clipboard.writeText(link).then(
        () => (this.readouts.status = `Link copied (step ${state.steps}).`),
        () => this.notices.show(`The clipboard is not available here; copy the link from the address bar: ${link}`, 'link'),
      );
    });
    buttons.download.addEventListener('click', () => experiment.exportModel());
  }
}
