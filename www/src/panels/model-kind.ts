// Which readouts a model and its corpus get: a tagger its tags, a language model its bars and charts,
// a stack its layer chart; each pair readout only on the corpora where it means something
// (state/corpus-readouts.ts), with a note where one is hidden saying why.

import { corpusReadouts } from '../state/corpus-readouts';
import { isTagging, type State } from '../state/state';

export interface ModelKindElements {
  tagsFigure: HTMLElement;
  taggingNote: HTMLElement;
  languageModelReadouts: HTMLElement;
  languageModelCharts: readonly HTMLElement[];
  layerFigure: HTMLElement;
  denseNote: HTMLElement;
}

export interface CorpusElements {
  pairsBlock: HTMLElement;
  pairsNote: HTMLElement;
  alternatives: HTMLElement;
  answersFrom: HTMLElement;
  saliencyFigure: HTMLElement;
  saliencyAgreement: HTMLElement;
  agreementFigure: HTMLElement;
  agreementNote: HTMLElement;
}

export class ModelKind {
  constructor(
    private readonly model: ModelKindElements,
    private readonly corpus: CorpusElements,
  ) {}

  /** Shows the readouts that mean something for this kind of model (`flow`: it has gradient flow and saliency). */
  show(state: State, flow: boolean): void {
    const tagging = isTagging(state);
    const { model } = this;
    model.tagsFigure.hidden = !tagging;
    model.taggingNote.hidden = !tagging;
    model.languageModelReadouts.hidden = tagging;
    for (const figure of model.languageModelCharts) figure.hidden = tagging;
    model.layerFigure.hidden = state.layers < 2;
    model.denseNote.hidden = tagging || flow;
    this.showCorpus(state);
  }

  /** Shows each pair readout only on the corpora where it means something, and a note where one is hidden. */
  showCorpus(state: State): void {
    const fits = corpusReadouts(state);
    const tagging = isTagging(state);
    const { corpus } = this;
    corpus.pairsBlock.hidden = !fits.pairsInput;
    corpus.alternatives.hidden = fits.pairs.length === 0;
    corpus.answersFrom.hidden = fits.pairs.length === 0;
    corpus.saliencyFigure.hidden = !fits.saliency;
    corpus.saliencyAgreement.hidden = state.corpus !== 'agreement'; // the subject and the last noun are the grammar's
    corpus.agreementFigure.hidden = tagging || !fits.agreementChart;
    showNote(corpus.pairsNote, fits.pairsNote);
    showNote(corpus.agreementNote, fits.agreementNote);
  }
}

function showNote(element: HTMLElement, text: string | null): void {
  element.hidden = text === null;
  if (element.textContent !== (text ?? '')) element.textContent = text ?? '';
}
