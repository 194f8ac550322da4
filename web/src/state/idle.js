// Auto-idle (compat §6.9): after `timeoutMs` without a key press or pointer activity, onIdle();
// the next activity after that, onActive(). Activity is cheap to report often.

export function createIdleWatch({ timeoutMs = 300000, onIdle, onActive, timers, now = () => Date.now() }) {
  const t = timers || { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (id) => clearTimeout(id) };
  let timer = null;
  let idle = false;
  let armedAt = 0;

  function arm() {
    if (timer !== null) t.clearTimeout(timer);
    armedAt = now();
    timer = t.setTimeout(() => {
      timer = null;
      idle = true;
      onIdle && onIdle();
    }, timeoutMs);
  }

  return {
    start: arm,
    // Called on every key press or pointer move; re-arms at most once a second.
    activity() {
      if (idle) {
        idle = false;
        onActive && onActive();
        arm();
      } else if (now() - armedAt >= 1000) {
        arm();
      }
    },
    stop() {
      if (timer !== null) t.clearTimeout(timer);
      timer = null;
    },
    get isIdle() {
      return idle;
    },
  };
}
