// Charts redraw on an animation frame, at most every REDRAW_MS: training reports arrive every ~30 ms,
// and redrawing every chart for each would keep the page's thread busy for no visible gain.

const REDRAW_MS = 100;

/** Runs `draw` once on an animation frame after each burst of requests, at most every `intervalMs`. */
export class Redraw {
  private pending = false;
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly draw: () => void,
    private readonly intervalMs = REDRAW_MS,
  ) {}

  request(): void {
    if (this.pending) return;
    this.pending = true;
    const wait = Math.max(0, this.last + this.intervalMs - performance.now());
    setTimeout(
      () =>
        requestAnimationFrame(() => {
          this.pending = false;
          this.last = performance.now();
          this.draw();
        }),
      wait,
    );
  }
}
