// Wiring: the URL state, the settings form, the charts and the probe panel around one training
// worker, the snapshot workers that answer questions about its weights, and compare mode.

import './style.css';
import { Charts } from './charts/charts';
import { Comparison, type Variant } from './panels/compare';
import { FLOW_WINDOW, flowText, fromConfig, toConfig } from './state/config';
import type { Config } from './wasm/core-config';
import { Controls } from './panels/controls';
import { corpusReadouts, pairsFromBox, samePairs } from './state/corpus-readouts';
import { DivergenceView } from './charts/divergence';
import { workersEach } from './workers/cores';
import { Experiment, type ExperimentView } from './workers/experiment';
import { replayQuestion, secondsPerStep, slowStepWarning } from './state/estimate';
import { keepText, keptText } from './state/kept-text';
import { FlowChart } from './charts/flow-chart';
import { LayerChart } from './charts/layer-chart';
import { foldingNotice } from './panels/folding';
import { LessonPanel } from './lessons/lessons';
import { Notices } from './panels/notices';
import { ProbePanel } from './panels/probe';
import { Redraw } from './charts/redraw';
import { CANNOT_RUN } from './wasm/protocol';
import { SpectraChart } from './charts/spectra-chart';
import { StepWait } from './workers/step-wait';
import { defaultState, type State, isTagging, parse, print, textDigest } from './state/state';
import { PromptStrips } from './panels/strips';
import { showTags } from './panels/tags';
import { UnknownChars } from './panels/unknown-chars';

const SAMPLE_EVERY_MS = 3000;
const STRIPS_EVERY_MS = 1000; // while training; the bars follow every copy of the weights
const SAMPLE_LENGTH = 200;
// items per construction and attractor count: 30 in each attractor bucket, 150 in all; 150-300 ms a
// measurement on the default LSTM in the inspection worker (the panels' test logs the browser's
// figure), every 6 s or more while training, and never in the way of the prompt's answers
const AGREEMENT_ITEMS = 10;
const NO_FIGURE = '–'; // what a readout shows before the model has given it a value, as the page starts
const LOCATION_DELAY_MS = 400; // typing a prompt rewrites the hash once it pauses, not per key
// what a prompt is for each corpus: a question about the next word, a memory line, or a sentence to tag
const LANGUAGE_MODEL_PROMPT = 'The writer of the books';
const TAGGING_PROMPT = 'the movie was terribly exciting.';
const MEMORY_PROMPT = flowText({ ...defaultState(), corpus: 'memory' }, null).slice(0, -2); // a line up to its colon: what comes next is the key

// ---- elements --------------------------------------------------------------------------------------

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return element;
}

const buttons = {
  train: byId('train', HTMLButtonElement),
  pause: byId('pause', HTMLButtonElement),
  step: byId('step-once', HTMLButtonElement),
  reset: byId('reset', HTMLButtonElement),
  copyLink: byId('copy-link', HTMLButtonElement),
  download: byId('download', HTMLButtonElement),
  compare: byId('compare', HTMLButtonElement),
};
const compareHint = byId('compare-hint', HTMLElement);
const readouts = {
  step: byId('step', HTMLOutputElement),
  loss: byId('loss', HTMLOutputElement),
  speed: byId('speed', HTMLOutputElement),
  workers: byId('workers', HTMLOutputElement),
  workersUsed: byId('workers-used', HTMLElement),
  linkStatus: byId('link-status', HTMLOutputElement),
  retraining: byId('retraining', HTMLElement),
  retrainTarget: byId('retrain-target', HTMLElement),
  retrainProgress: byId('retrain-progress', HTMLProgressElement),
};

const notices = new Notices(byId('notices', HTMLElement));
const stepWait = new StepWait(byId('step-wait', HTMLElement));
const charts = new Charts({
  loss: byId('loss-chart', HTMLElement),
  gradient: byId('gradient-chart', HTMLElement),
  agreement: byId('agreement-chart', HTMLElement),
});
const chartsPanel = byId('charts', HTMLElement);
const flowChart = new FlowChart(byId('flow-chart', HTMLElement));
const layerChart = new LayerChart(byId('layer-gradient-chart', HTMLElement));
const modelKind = {
  tagsFigure: byId('tags-figure', HTMLElement),
  tags: byId('tags', HTMLElement),
  taggingNote: byId('tagging-note', HTMLElement),
  languageModelReadouts: byId('language-model-readouts', HTMLElement),
  languageModelCharts: Array.from(document.querySelectorAll<HTMLElement>('figure[data-language-model]')),
  layerFigure: byId('layer-figure', HTMLElement),
  denseNote: byId('dense-note', HTMLElement),
};
/** The readouts shown only on the corpora where they mean something (corpus-readouts.ts). */
const corpusParts = {
  pairsBlock: byId('pairs-block', HTMLElement),
  pairsNote: byId('pairs-note', HTMLElement),
  alternatives: byId('alternatives', HTMLElement),
  answersFrom: byId('answers-from', HTMLElement),
  saliencyFigure: byId('saliency-figure', HTMLElement),
  saliencyAgreement: byId('saliency-agreement', HTMLElement),
  agreementFigure: byId('agreement-figure', HTMLElement),
  agreementNote: byId('agreement-note', HTMLElement),
};
const spectraChart = new SpectraChart(byId('spectra-chart', HTMLElement));
const strips = new PromptStrips({
  saliency: byId('saliency-strip', HTMLElement),
  toward: [byId('saliency-first', HTMLElement), byId('saliency-second', HTMLElement)],
  gatesBlock: byId('gates', HTMLElement),
  gates: byId('gate-strips', HTMLElement),
});
const divergence = new DivergenceView(notices, charts, [
  byId('saliency-strip', HTMLElement),
  byId('alternatives', HTMLElement),
  byId('next-chars', HTMLElement),
  byId('sample-text', HTMLElement),
  byId('agreement-chart', HTMLElement),
  modelKind.tags,
]);
const unknownChars = new UnknownChars(byId('prompt', HTMLInputElement));
const experiment = new Experiment('trainer', {
  onProbe(result) {
    notices.clear('probe');
    probe.showProbe(result.prompt, result.step, probedPairs, result.pairs, result.next);
    unknownChars.show(result.prompt, result.unknown);
    comparison.answer(state.cell, result.step, result.pairs[0], probedPairs[0]);
  },
  onTags(result) {
    notices.clear('probe');
    showTags(modelKind.tags, result.tags, result.step);
    comparison.tags(mainVariant(), result.step, result.tags);
  },
  onStrips: (result) => strips.show(result.saliency, result.gates),
  onSample: (result) => probe.showSample(result.prompt, result.text),
  onInspect(result) {
    if (result.byAttractors !== null) charts.setAgreement(result.step, result.byAttractors);
    const firstLayer = result.flowByDistance[0];
    if (firstLayer !== undefined) flowChart.push(result.step, firstLayer);
    spectraChart.push(result.step, result.spectra);
    if (result.outcome !== null) lessons.observe(result.step, result.outcome, !experiment.running);
    comparison.inspected(mainVariant(), result);
    // what each measurement last took, read by the tests
    const { agreement, ...others } = result.milliseconds;
    inspectMs = { ...inspectMs, ...others, ...(result.byAttractors === null ? {} : { agreement }) };
    chartsPanel.dataset['inspectMs'] = JSON.stringify(inspectMs);
  },
  onError(request, message) {
    if (message.startsWith(CANNOT_RUN)) return; // the training worker says so already
    if (request === 'probe' || request === 'strips' || request === 'sample') notices.show(`The prompt can't be read: ${message}.`, 'probe');
    else notices.show(`${request === 'load' ? 'Loading the weights' : 'Looking inside the model'} failed: ${message}.`, request);
  },
  onSnapshotCrash(message) {
    notices.show(`${message}; a new one took its place.`, 'snapshot');
    requestProbe();
  },
  onTrainerCrash(message) {
    showRunning();
    notices.show(`${message}. Press Reset to start again.`, 'trainer');
  },
  ...trainerMessages(),
}, true, stepWait);
const comparison = new Comparison(
  {
    panel: byId('compare-panel', HTMLElement),
    chart: byId('compare-chart', HTMLElement),
    answers: byId('compare-answers', HTMLElement),
    caption: byId('compare-caption', HTMLElement),
    axis: byId('compare-axis', HTMLFieldSetElement),
  },
  (message) => notices.show(message, 'compare'),
  (variant, _step, verdict) => lessons.observeCompanion(variant, verdict),
);
const controls = new Controls(
  byId('settings', HTMLFormElement),
  { block: byId('own-text', HTMLElement), text: byId('own-text-input', HTMLTextAreaElement), file: byId('own-text-file', HTMLInputElement), fileName: byId('own-text-file-name', HTMLOutputElement) },
  {
    onChange(patch, problem) {
      if (problem !== undefined) notices.show(problem);
      let next: State = { ...state, ...patch, steps: 0 };
      if (patch.corpus !== undefined) {
        // each corpus asks its own kind of prompt (a sentence to go on, a memory line, a sentence to tag); only a tagger reads both ways
        if (state.prompt === promptFor(state)) next = { ...next, prompt: promptFor(next) };
        next = { ...next, bidirectional: isTagging(next) && next.bidirectional };
        probe.show(next.prompt, corpusReadouts(next).pairs);
      }
      const kept = patch.corpus === 'text' && ownText === null ? keptText() : null;
      if (kept !== null) {
        // the text given on an earlier visit comes back with the choice of "your own text"
        useText(kept.text, kept.digest);
        next = { ...next, text: kept.digest };
      }
      setState(next);
      restart();
    },
    onText(text, problem) {
      if (problem !== undefined) notices.show(problem, 'text');
      if (text === null) return;
      const digest = takeText(text);
      if (wantedText !== null && digest !== wantedText) {
        notices.show(
          "This text is not the one the link was trained on (their fingerprints differ), so the run won't match the link's.",
          'text-match',
        );
      } else {
        notices.clear('text-match');
        wantedText = null; // found: the link's experiment, exactly
      }
      setState({ ...state, text: digest });
      if (state.corpus === 'text') replay(state.steps); // a link's steps, if it was opened on its own text
    },
  },
);
const lessons = new LessonPanel(
  {
    list: byId('lesson-list', HTMLOListElement),
    panel: byId('lesson', HTMLElement),
    title: byId('lesson-title', HTMLElement),
    text: byId('lesson-text', HTMLElement),
    steps: byId('lesson-steps', HTMLOListElement),
    status: byId('lesson-status', HTMLOutputElement),
    progress: byId('lesson-progress', HTMLUListElement),
    predict: byId('lesson-predict', HTMLFieldSetElement),
    verdict: byId('lesson-verdict', HTMLElement),
    show: byId('lesson-show', HTMLButtonElement),
    rerun: byId('lesson-rerun', HTMLButtonElement),
    close: byId('lesson-close', HTMLAnchorElement),
  },
  {
    onSettings(next) {
      setState(next);
      restart(next.steps);
    },
    onControls: (names) => controls.showOnly(names),
    onCheck(check, companions) {
      experiment.snapshots.setCheck(check);
      comparison.setCheck(check, companions);
    },
  },
);
const probe = new ProbePanel(
  {
    prompt: byId('prompt', HTMLInputElement),
    pairs: byId('pairs', HTMLInputElement),
    alternatives: byId('alternatives', HTMLElement),
    answersStep: byId('answers-step', HTMLOutputElement),
    nextChars: byId('next-chars', HTMLOListElement),
    temperature: byId('temperature', HTMLInputElement),
    temperatureValue: byId('temperature-value', HTMLOutputElement),
    sample: byId('sample', HTMLButtonElement),
    sampleText: byId('sample-text', HTMLElement),
  },
  {
    onQuestion(problem) {
      if (problem !== undefined) notices.show(problem, 'pairs');
      // the box shows the pairs asked on this corpus: unless the user changed them, the state's stay
      const pairs = samePairs(probe.pairs, corpusReadouts(state).pairs) ? state.pairs : pairsFromBox(probe.pairs);
      setState({ ...state, prompt: probe.prompt, pairs });
      probe.showPairs(corpusReadouts(state).pairs); // an emptied box on the grammar shows its pairs again
      showCorpusReadouts();
      requestProbe();
      requestSample();
    },
    onSample: requestSample,
  },
);

// ---- page state ------------------------------------------------------------------------------------

let state: State;
let opened = false; // the page has opened a location: `state` is set
let ownText: string | null = null; // the user's corpus; links name it by textDigest, never carry it
let ownDigest = '';
/** The fingerprint of the text a link was trained on, while the page still waits for that text. */
let wantedText: string | null = null;
let probedPairs: State['pairs'] = [];
let lastSampleAt = 0;
let lastStripsAt = 0;
let inspectMs: Record<string, number> = {};
let samples = 0; // each sample draws with the next seed, so a session's samples are reproducible
let locationTimer: number | undefined;
/** The hash as this page last read or wrote it; any other hash is a link someone just opened. */
let ownHash = window.location.hash;
let opening = ''; // the name of the model file being opened
/** The newest training progress, shown by the readouts at most every 100 ms. */
let progress: { step: number; fingerprint: string; loss: number | null; charsPerSec: number } | null = null;
const progressRedraw = new Redraw(showProgress);

function setState(next: State): void {
  state = next;
  controls.show(state);
  lessons.show(state); // its step links and close link carry the settings as they are now
  buttons.compare.setAttribute('aria-pressed', String(state.compare));
  compareHint.textContent = isTagging(state)
    ? 'Trains forward-only and bidirectional side by side with the same settings.'
    : 'Trains RNN, GRU and LSTM side by side with the same settings.';
  comparison.toggle(state.compare);
  charts.setThreshold(state.clip === 'norm' ? state.threshold : null);
  window.clearTimeout(locationTimer);
  locationTimer = window.setTimeout(() => {
    // a link opened since (its hashchange is still queued) wins over the settings it replaces
    if (window.location.hash === ownHash) writeLocation(state);
  }, LOCATION_DELAY_MS);
}

/** Opens the experiment in the hash (on load, or when someone pastes a new link into this tab). */
function openLocation(): void {
  ownHash = window.location.hash;
  const parsed = parse(window.location.hash);
  notices.showAll(parsed.notices, 'opened-link'); // in place of the last link's
  // "#lesson=exploding&lesson_step=3" alone: the lesson's own settings
  const linked = parsed.state.lesson !== '' && !/(^|[#&])cell=/.test(window.location.hash) ? lessons.settingsOf(parsed.state) : parsed.state;
  const withoutLesson = (of: State) => print({ ...of, lesson: '', lesson_step: 1 });
  // only a move within or out of a lesson keeps the run: any other link opens its experiment afresh
  const sameExperiment =
    opened && (linked.lesson !== state.lesson || linked.lesson_step !== state.lesson_step) && withoutLesson(linked) === withoutLesson(state);
  opened = true;
  setState(linked);
  if (sameExperiment) return; // another step of the lesson, or the lesson closed: the run goes on
  findText(linked);
  probe.show(linked.prompt, corpusReadouts(linked).pairs);
  replay(linked.steps);
}

/** Retrains the current settings to a link's step; a long replay opens at step 0 and asks first. */
function replay(steps: number): void {
  const question = replayQuestion({ ...state, steps });
  // a link still waiting for its own text asks once the text is given (see onText)
  if (question === null || 'missing' in toConfig(state, ownText)) {
    restart(steps);
    return;
  }
  restart();
  const label = `Retrain to step ${steps.toLocaleString('en')}`;
  notices.show(question, 'replay', [{ label, run: () => restart(steps) }]);
}

/** A link that names a text: the one in hand or the one kept in this browser, if either is it. */
function findText(linked: State): void {
  wantedText = null;
  notices.clear('text-match');
  if (linked.corpus !== 'text' || linked.text === '' || linked.text === ownDigest) return;
  const kept = keptText();
  if (kept !== null && kept.digest === linked.text) {
    useText(kept.text, kept.digest);
  } else {
    // another text would train another experiment under this link's name: wait for the right one
    useText(null, '');
    wantedText = linked.text;
  }
}

/** A text the user gave (typed, a file, or carried by a model file): in use, and kept for a reload. */
function takeText(text: string): string {
  const digest = textDigest(text);
  useText(text, digest);
  const unkept = keepText(text);
  if (unkept !== undefined) notices.show(unkept, 'text-store');
  return digest;
}

function useText(text: string | null, digest: string): void {
  ownText = text;
  ownDigest = digest;
  controls.showText(text ?? '');
}

/** Creates a fresh trainer from the current state, then trains it to `target` steps (for links). */
function restart(target = 0): void {
  const config = toConfig(state, ownText);
  experiment.forget();
  lessons.restart();
  progress = null;
  const inspection = {
    agreementItems: state.corpus === 'agreement' ? AGREEMENT_ITEMS : null,
    flowText: hasFlow(state) ? flowText(state, ownText) : null,
    flowWindow: FLOW_WINDOW,
    check: lessons.check,
  };
  experiment.snapshots.setInspection(inspection);
  comparison.setInspection(inspection);
  charts.clear();
  divergence.clear();
  comparison.setDiverged(mainVariant(), null);
  flowChart.clear();
  spectraChart.reset(state.cell, state.layers);
  layerChart.reset(state.layers);
  showModelKind();
  showTags(modelKind.tags, null, null);
  probe.clearAnswers();
  strips.clear();
  showRunning();
  showStep(0, '');
  readouts.loss.value = NO_FIGURE; // the new model's loss and speed come with its first step
  readouts.speed.value = NO_FIGURE;
  readouts.linkStatus.value = ''; // "Link copied (step 450)" was the old run's
  notices.clear('replay');
  notices.clear('slow');
  notices.clear('folding');
  stepWait.expect(secondsPerStep(state));
  if ('missing' in config) {
    notices.show(
      wantedText !== null || state.steps > 0
        ? "This link was trained on its sender's own text, which links don't carry: paste or choose that text " +
            '(its fingerprint is checked) to train it again.'
        : 'Paste a text or choose a text file to train on.',
      'init',
    );
    return;
  }
  experiment.start(config, target, workersEach(state.compare ? (isTagging(state) ? 2 : 3) : 1));
  comparison.restart(mainVariant(), configOf, target);
}

/** What compare mode calls the main model: its cell, or for a tagger its directions. */
function mainVariant(): Variant {
  if (!isTagging(state)) return state.cell;
  return state.bidirectional ? 'bidirectional' : 'forward';
}

/** The current settings as another variant (another cell, or the other directions), for compare mode; null while the text is missing. */
function configOf(variant: Variant): Config | null {
  const patch = variant === 'forward' || variant === 'bidirectional' ? { bidirectional: variant === 'bidirectional' } : { cell: variant };
  const config = toConfig({ ...state, ...patch }, ownText);
  return 'missing' in config ? null : config;
}

/** Saliency and gradient flow read language models of plain or residual stacks (the core's probes). */
function hasFlow(of: State): boolean {
  return !isTagging(of) && !(of.connections === 'dense' && of.layers > 1);
}

/** Shows the readouts that mean something for this kind of model, and hides the others with a note. */
function showModelKind(): void {
  const tagging = isTagging(state);
  modelKind.tagsFigure.hidden = !tagging;
  modelKind.taggingNote.hidden = !tagging;
  modelKind.languageModelReadouts.hidden = tagging;
  for (const figure of modelKind.languageModelCharts) figure.hidden = tagging;
  modelKind.layerFigure.hidden = state.layers < 2;
  modelKind.denseNote.hidden = tagging || hasFlow(state);
  showCorpusReadouts();
}

/** Shows each pair readout only on the corpora where it means something, and a note where one is hidden. */
function showCorpusReadouts(): void {
  const fits = corpusReadouts(state);
  const tagging = isTagging(state);
  corpusParts.pairsBlock.hidden = !fits.pairsInput;
  corpusParts.alternatives.hidden = fits.pairs.length === 0;
  corpusParts.answersFrom.hidden = fits.pairs.length === 0;
  corpusParts.saliencyFigure.hidden = !fits.saliency;
  corpusParts.saliencyAgreement.hidden = state.corpus !== 'agreement'; // the subject and the last noun are the grammar's
  corpusParts.agreementFigure.hidden = tagging || !fits.agreementChart;
  showNote(corpusParts.pairsNote, fits.pairsNote);
  showNote(corpusParts.agreementNote, fits.agreementNote);
}

function showNote(element: HTMLElement, text: string | null): void {
  element.hidden = text === null;
  if (element.textContent !== (text ?? '')) element.textContent = text ?? '';
}

/** The prompt a corpus starts with: a question about the next word, a memory line, or a sentence to tag. */
function promptFor(of: State): string {
  if (isTagging(of)) return TAGGING_PROMPT;
  return of.corpus === 'memory' ? MEMORY_PROMPT : LANGUAGE_MODEL_PROMPT;
}

// ---- training worker messages ----------------------------------------------------------------------

/** The view's side of the training worker: what the main experiment's model did. */
function trainerMessages(): Pick<
  ExperimentView,
  'onReady' | 'onProgress' | 'onExported' | 'onOpened' | 'onImported' | 'onTrainerError'
> {
  return {
    onReady(message) {
      notices.clear('init');
      notices.clear('trainer');
      const slow = slowStepWarning(state); // once the core has taken the settings
      if (slow !== null) notices.show(slow, 'slow');
      const folded = message.reading === null ? null : foldingNotice(message.reading);
      if (folded !== null) notices.show(folded, 'folding');
      showStep(0, message.fingerprint);
      showWorkers(message.workers);
      comparison.describe(mainVariant(), message.parameters, null);
      showRunning();
      requestProbe();
      requestSample();
    },
    onProgress(message) {
      const settled = !message.running; // training stopped, or a single step ended
      charts.push(message.reports, message.validation, message.refused);
      if (state.layers > 1) layerChart.push(message.reports);
      comparison.record(mainVariant(), message.reports, message.running);
      comparison.describe(mainVariant(), experiment.parameters, experiment.charsPerSec);
      const last = message.reports.at(-1);
      progress = { step: message.step, fingerprint: message.fingerprint, loss: last?.loss ?? progress?.loss ?? null, charsPerSec: message.charsPerSec };
      // while training, the readouts change with the charts; the step training stopped at shows at once
      if (settled) showProgress();
      else progressRedraw.request();
      divergence.show(message.divergence);
      showWorkers(message.workers);
      comparison.setDiverged(mainVariant(), message.divergence);
      showRunning();
      if (message.snapshot !== null) {
        requestProbe(settled || performance.now() - lastStripsAt > STRIPS_EVERY_MS); // the bars follow the weights
        if (settled || performance.now() - lastSampleAt > SAMPLE_EVERY_MS) requestSample();
      }
    },
    onExported: download,
    onOpened(message) {
      // the file's settings replace the page's, then its weights replace the new trainer's
      const { patch, text, problems } = fromConfig(message.config);
      for (const problem of problems) notices.show(problem);
      if (text !== null) takeText(text); // as if given by hand: a reload finds it
      const next: State = { ...state, ...patch, steps: message.step };
      if ('missing' in toConfig(next, ownText)) {
        // the page keeps its own experiment until it has the text
        notices.show(`${message.name} was trained on a text the file does not carry: give that text, then open the file again.`, 'open');
        return;
      }
      notices.clear('open');
      setState(next.corpus === 'text' && ownText !== null ? { ...next, text: ownDigest } : next);
      restart();
      opening = message.name;
      experiment.importModel(message.bytes);
    },
    onImported(message) {
      showStep(message.step, message.fingerprint);
      showRunning();
      requestProbe();
      requestSample();
      readouts.linkStatus.value = `Opened ${opening} (step ${message.step}).`;
    },
    onTrainerError(request, message) {
      showRunning();
      if (request === 'init') {
        notices.clear('replay'); // settings the core refuses have nothing to replay
        const cannotRun = message.startsWith(CANNOT_RUN); // the browser, not the settings
        notices.show(cannotRun ? message : `These settings can't be trained: ${message}.`, 'init');
      } else {
        const opened = request === 'open' || request === 'import';
        const what = opened ? `Opening ${opening || 'the model'}` : capitalise(request);
        notices.show(`${what} failed: ${message}.`, opened ? 'open' : 'trainer');
      }
    },
  };
}

/** The bars for the prompt, and with `strips` the strips under it too. */
function requestProbe(strips = true): void {
  if (!experiment.ready) return;
  if (isTagging(state)) {
    experiment.snapshots.tags(state.prompt);
    comparison.ask(state.prompt, undefined);
    return;
  }
  const fits = corpusReadouts(state);
  probedPairs = fits.pairs;
  if (strips) lastStripsAt = performance.now();
  // saliency walks plain and residual stacks only: a dense one gets its gates without it
  experiment.snapshots.probe(state.prompt, fits.pairs, strips, hasFlow(state) && fits.saliency);
  comparison.ask(state.prompt, fits.pairs[0]);
}

function requestSample(): void {
  if (!experiment.ready || isTagging(state)) return; // a tagger has no next character to sample

  lastSampleAt = performance.now();
  samples += 1;
  const seed = (state.seed + samples) % 2 ** 32;
  experiment.snapshots.sample(state.prompt, SAMPLE_LENGTH, probe.temperature, seed);
}

// ---- readouts --------------------------------------------------------------------------------------

function showProgress(): void {
  if (progress === null) return; // the trainer it came from was replaced
  showStep(progress.step, progress.fingerprint);
  readouts.loss.value = progress.loss === null ? NO_FIGURE : (progress.loss / Math.LN2).toFixed(3);
  readouts.speed.value = progress.charsPerSec > 0 ? Math.round(progress.charsPerSec).toLocaleString('en') : NO_FIGURE;
}

/** How many workers share the model's steps (fewer than the cores when the shards are fewer). */
function showWorkers(workers: number): void {
  const text = String(workers);
  if (readouts.workers.value !== text) readouts.workers.value = text;
  readouts.workersUsed.textContent = workers === 1 ? 'one' : text;
}

function showStep(step: number, fingerprint: string): void {
  readouts.step.value = String(step);
  readouts.step.dataset['fingerprint'] = fingerprint;
  if (step < experiment.target) readouts.retrainProgress.value = step / experiment.target;
}

function showRunning(): void {
  // called with every progress report: only what changed is written, so a steady page is not redrawn
  const { ready, running, retraining } = experiment;
  if (readouts.retraining.hidden === retraining) readouts.retraining.hidden = !retraining;
  const target = ready ? String(experiment.target) : null;
  if (target !== null && readouts.retrainTarget.textContent !== target) readouts.retrainTarget.textContent = target;
  if (readouts.step.dataset['running'] !== String(running)) readouts.step.dataset['running'] = String(running);
  const disabled = { train: !ready || running, pause: !running, step: !ready || running, download: !ready };
  for (const name of ['train', 'pause', 'step', 'download'] as const) {
    if (buttons[name].disabled !== disabled[name]) buttons[name].disabled = disabled[name];
  }
}

// ---- buttons ---------------------------------------------------------------------------------------

buttons.train.addEventListener('click', () => {
  if (!experiment.ready) return;
  experiment.train();
  comparison.train();
  showRunning();
});
buttons.pause.addEventListener('click', () => {
  experiment.pause();
  comparison.pause();
});
buttons.step.addEventListener('click', () => {
  experiment.stepOnce();
  comparison.stepOnce();
});
buttons.compare.addEventListener('click', () => {
  // the main model starts over with the extra ones, so all three train from the same moment
  setState({ ...state, compare: !state.compare, steps: 0 });
  restart();
});
buttons.reset.addEventListener('click', () => {
  setState({ ...state, steps: 0 });
  restart();
});
buttons.copyLink.addEventListener('click', () => {
  state = { ...state, steps: experiment.step };
  writeLocation(state);
  const link = window.location.href;
  navigator.clipboard.writeText(link).then(
    () => {
      readouts.linkStatus.value = `Link copied (step ${state.steps}).`;
    },
    () => notices.show(`The clipboard is not available here; copy the link from the address bar: ${link}`, 'link'),
  );
});
buttons.download.addEventListener('click', () => experiment.exportModel());

const MAX_MODEL_FILE_BYTES = 64 * 1024 * 1024; // the page's largest model (LSTM 512 × 4 layers) is about 34 MB
const openModel = byId('open-model', HTMLInputElement);
const openModelName = byId('open-model-name', HTMLOutputElement);
openModel.addEventListener('change', () => {
  const file = openModel.files?.[0];
  openModel.value = ''; // so the same file can be opened again
  if (file === undefined) return;
  openModelName.value = file.name;
  opening = file.name;
  if (file.size > MAX_MODEL_FILE_BYTES) {
    notices.show(`Opening ${file.name} failed: it is ${(file.size / 1024 / 1024).toFixed(1)} MB, more than any model this page makes.`, 'open');
    return;
  }
  file.arrayBuffer().then(
    (buffer) => experiment.open(new Uint8Array(buffer), file.name),
    (error: unknown) => notices.show(`Opening ${file.name} failed: it could not be read (${String(error)}).`, 'open'),
  );
});

function download(bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = `${state.cell}-step${experiment.step}.safetensors`;
  anchor.click();
  URL.revokeObjectURL(url);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---- location adapter ------------------------------------------------------------------------------

/** Replaces the hash without adding a history entry (or firing hashchange). */
function writeLocation(state: State): void {
  window.history.replaceState(null, '', print(state));
  ownHash = window.location.hash; // as the browser encoded it
}

// ---- start -----------------------------------------------------------------------------------------

const toolbar = byId('toolbar', HTMLElement);
// style.css keeps what is scrolled to below the sticky toolbar, whose height changes as it wraps
new ResizeObserver(() => document.documentElement.style.setProperty('--toolbar-height', `${Math.ceil(toolbar.offsetHeight)}px`)).observe(toolbar);

// replaceState never fires this: only someone pasting or editing a link in the address bar does
window.addEventListener('hashchange', openLocation);
openLocation();

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  // keeps every asset (the wasm included) for offline use once the page has loaded
  navigator.serviceWorker.register('./sw.js').catch((error: unknown) => console.warn('offline use is unavailable:', error));
}
