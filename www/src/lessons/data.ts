// The lessons as data, one file each in data/ (read also by the core's tests/lessons.rs and `rnn lessons`),
// in the order the page lists them. A new lesson: its file in data/ and its line here (a test checks both).

import bidirectional from './data/bidirectional.json';
import cells from './data/cells.json';
import deep from './data/deep.json';
import exploding from './data/exploding.json';
import memory from './data/memory.json';
import vanishing from './data/vanishing.json';
import writer from './data/writer.json';

export const lessons = [writer, vanishing, exploding, cells, memory, bidirectional, deep];
