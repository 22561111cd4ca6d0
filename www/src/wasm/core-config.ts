// The core's experiment as JSON (rnn_core::Config, as in examples/lstm-agreement.json): what the page
// sends its workers. Its type is generated from the Rust type (core-types.ts), which imports nothing.

export type { Config } from './core-types';
