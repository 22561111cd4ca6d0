import { describe, expect, it } from 'vitest';
import { toConfig } from './config';
import { LESSONS, lessonLink, lessonState } from './lessons';
import { parse } from './state';

describe('lessons', () => {
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
