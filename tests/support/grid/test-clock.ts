import type { Clock } from '../../../src/main/core/ports';

/** A clock that tests move by hand; the grid and the client share it so that signatures stay in the window. */
export class TestClock implements Clock {
  constructor(private t: number = Date.now()) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
