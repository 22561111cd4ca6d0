// The core's experiment as JSON (rnn_core::Config, as in examples/lstm-agreement.json): what the page
// sends its workers. It imports nothing, so every side of the page can name it without a circle.

export interface Config {
  model: {
    cell: 'rnn' | 'gru' | 'lstm';
    hidden: number;
    layers: number;
    embedding: number;
    residual: boolean;
    // left out at their defaults, as the core writes them: configs of before them read the same
    connections?: 'residual' | 'dense';
    bidirectional?: true;
    task?: 'tagging';
    recurrent_scale: number | null;
  };
  train: {
    batch: number;
    bptt: number;
    optimizer: { kind: 'sgd' | 'momentum' | 'adagrad' | 'rmsprop' | 'adam'; lr: number; momentum?: number };
    clip: { kind: 'none' } | { kind: 'norm' | 'value'; threshold: number };
    seed: number;
    valid_fraction: number;
    shards?: number; // left out when 1, as the core writes it
  };
  corpus:
    | { kind: 'agreement'; sentences: number; max_attractors: number; relative_share: number }
    | { kind: 'memory'; distance: number; sequences: number }
    | { kind: 'sentiment'; sentences: number }
    | { kind: 'text'; text: string; jamo?: true } // jamo left out when false, as the core writes it
    | { kind: 'english' | 'korean'; text: string }; // the built-in texts, checked by digest (korean read as jamo)
}
