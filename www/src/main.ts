// Wiring: looks up the page's elements once and hands them to the page (session/page.ts), which
// builds the panels, charts and experiment around one session; then opens the link in the address bar.

// first: it makes Intl fall back on locale tags the engine refuses before uPlot's module formats with one
import './format';
import './style.css';
import './lessons/lessons.css';
import './panels/panels.css';
import { FlowChart } from './charts/flow-chart';
import { LayerChart } from './charts/layer-chart';
import { SpectraChart } from './charts/spectra-chart';
import { startLanguage } from './i18n/i18n';
import { Page } from './session/page';

// in Korean the static page is translated (and its elements replaced) before they are looked up
await startLanguage();

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return element;
}
const element = (id: string) => byId(id, HTMLElement);
const output = (id: string) => byId(id, HTMLOutputElement);
const button = (id: string) => byId(id, HTMLButtonElement);

// the charts beside the curves (charts/live-chart.ts): a new one is one more line here
const liveCharts = [new FlowChart(element('flow-chart')), new LayerChart(element('layer-gradient-chart')), new SpectraChart(element('spectra-chart'))];

const page = new Page({
  buttons: {
    train: button('train'),
    pause: button('pause'),
    step: button('step-once'),
    reset: button('reset'),
    copyLink: button('copy-link'),
    download: button('download'),
    compare: button('compare'),
  },
  compareHint: element('compare-hint'),
  readouts: {
    step: output('step'),
    loss: output('loss'),
    speed: output('speed'),
    workers: output('workers'),
    workersUsed: element('workers-used'),
    linkStatus: output('link-status'),
    retraining: element('retraining'),
    retrainTarget: element('retrain-target'),
    retrainProgress: byId('retrain-progress', HTMLProgressElement),
  },
  notices: element('notices'),
  stepWait: element('step-wait'),
  charts: { loss: element('loss-chart'), gradient: element('gradient-chart'), agreement: element('agreement-chart') },
  chartsPanel: element('charts'),
  modelKind: {
    tagsFigure: element('tags-figure'),
    taggingNote: element('tagging-note'),
    languageModelReadouts: element('language-model-readouts'),
    languageModelCharts: Array.from(document.querySelectorAll<HTMLElement>('figure[data-language-model]')),
    layerFigure: element('layer-figure'),
    denseNote: element('dense-note'),
  },
  tags: element('tags'),
  // the readouts shown only on the corpora where they mean something (state/corpus-readouts.ts)
  corpus: {
    pairsBlock: element('pairs-block'),
    pairsNote: element('pairs-note'),
    alternatives: element('alternatives'),
    answersFrom: element('answers-from'),
    saliencyFigure: element('saliency-figure'),
    saliencyAgreement: element('saliency-agreement'),
    agreementFigure: element('agreement-figure'),
    agreementNote: element('agreement-note'),
  },
  strips: {
    saliency: element('saliency-strip'),
    toward: [element('saliency-first'), element('saliency-second')],
    gatesBlock: element('gates'),
    gates: element('gate-strips'),
  },
  greyed: ['saliency-strip', 'alternatives', 'next-chars', 'sample-text', 'agreement-chart', 'tags'].map(element),
  prompt: byId('prompt', HTMLInputElement),
  compare: {
    panel: element('compare-panel'),
    chart: element('compare-chart'),
    answers: element('compare-answers'),
    caption: element('compare-caption'),
    axis: byId('compare-axis', HTMLFieldSetElement),
  },
  settings: byId('settings', HTMLFormElement),
  ownText: { block: element('own-text'), text: byId('own-text-input', HTMLTextAreaElement), file: byId('own-text-file', HTMLInputElement), fileName: output('own-text-file-name') },
  lessons: {
    list: byId('lesson-list', HTMLOListElement),
    panel: element('lesson'),
    title: element('lesson-title'),
    text: element('lesson-text'),
    steps: byId('lesson-steps', HTMLOListElement),
    status: output('lesson-status'),
    progress: byId('lesson-progress', HTMLUListElement),
    predict: byId('lesson-predict', HTMLFieldSetElement),
    verdict: element('lesson-verdict'),
    show: button('lesson-show'),
    rerun: button('lesson-rerun'),
    close: byId('lesson-close', HTMLAnchorElement),
  },
  probe: {
    prompt: byId('prompt', HTMLInputElement),
    pairs: byId('pairs', HTMLInputElement),
    alternatives: element('alternatives'),
    answersStep: output('answers-step'),
    nextChars: byId('next-chars', HTMLOListElement),
    temperature: byId('temperature', HTMLInputElement),
    temperatureValue: output('temperature-value'),
    sample: button('sample'),
    sampleText: element('sample-text'),
  },
  samples: { figure: output('sample-figure'), list: byId('sample-history', HTMLOListElement) },
  openModel: byId('open-model', HTMLInputElement),
  openModelName: output('open-model-name'),
}, liveCharts);

const toolbar = element('toolbar');
// style.css keeps what is scrolled to below the sticky toolbar, whose height changes as it wraps
new ResizeObserver(() => document.documentElement.style.setProperty('--toolbar-height', `${Math.ceil(toolbar.offsetHeight)}px`)).observe(toolbar);

page.location.open();
document.documentElement.setAttribute('data-started', ''); // public/startup.js shows a notice when this never comes

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  // keeps every asset (the wasm included) for offline use once the page has loaded
  navigator.serviceWorker.register('./sw.js').catch((error: unknown) => console.warn('offline use is unavailable:', error));
}
