import { describe, expect, it } from 'vitest';
import { createIdleWatch } from '../../src/state/idle.js';
import { manualTimers } from '../fakes/websocket.js';

describe('auto-idle', () => {
  function setup() {
    const timers = manualTimers();
    const log = [];
    let clock = 0;
    const watch = createIdleWatch({
      timeoutMs: 300000,
      timers,
      now: () => clock,
      onIdle: () => log.push('idle'),
      onActive: () => log.push('active'),
    });
    return { timers, log, watch, tick: (ms) => (clock += ms) };
  }

  it('goes idle after five quiet minutes and comes back on activity', () => {
    const { timers, log, watch } = setup();
    watch.start();
    expect(timers.delays()).toEqual([300000]);
    timers.runAll();
    expect(log).toEqual(['idle']);
    expect(watch.isIdle).toBe(true);
    watch.activity();
    expect(log).toEqual(['idle', 'active']);
    expect(timers.delays()).toEqual([300000]);
  });

  it('activity re-arms the timer, at most once a second', () => {
    const { timers, watch, tick } = setup();
    watch.start();
    watch.activity(); // same instant: not re-armed
    tick(1500);
    watch.activity();
    expect(timers.size).toBe(1);
    watch.stop();
    expect(timers.size).toBe(0);
  });
});
