// The thin adapter between the session and location.hash: a link opened (on load, or pasted into
// this tab) goes to `onOpen`; the settings go back into the hash without adding history entries.

import { print, type State } from '../state/state';

const WRITE_DELAY_MS = 400; // typing a prompt rewrites the hash once it pauses, not per key

export class LocationLink {
  /** The hash as this page last read or wrote it; any other hash is a link someone just opened. */
  private own = window.location.hash;
  private timer: number | undefined;

  /** `current` gives the settings to write when the delay is over (they may have changed since). */
  constructor(
    private readonly onOpen: (hash: string) => void,
    private readonly current: () => State,
  ) {
    // replaceState never fires this: only someone pasting or editing a link in the address bar does
    window.addEventListener('hashchange', () => this.open());
  }

  /** Opens the link in the address bar. */
  open(): void {
    this.own = window.location.hash;
    this.onOpen(this.own);
  }

  /** Replaces the hash without adding a history entry (or firing hashchange). */
  write(state: State): void {
    window.history.replaceState(null, '', print(state));
    this.own = window.location.hash; // as the browser encoded it
  }

  /** Writes the settings once they stop changing for WRITE_DELAY_MS. */
  writeSoon(): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      // a link opened since (its hashchange is still queued) wins over the settings it replaces
      if (window.location.hash === this.own) this.write(this.current());
    }, WRITE_DELAY_MS);
  }
}
