// The one WebSocket to the server: JSON text frames, automatic reconnect with exponential
// backoff (1 s doubling to 15 s, unlimited) until `stop()` — which the room calls after a
// `disconnect` action or a log out.

export function socketURL(loc = typeof location === 'undefined' ? null : location) {
  if (!loc) return 'ws://localhost:9000/ws';
  return (loc.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + loc.host + '/ws';
}

// Delay before reconnect attempt number `attempt` (0-based), with up to 20 % jitter so that a
// room full of clients does not come back in the same millisecond after a restart.
export function backoffDelay(attempt, { base = 1000, cap = 15000, random = Math.random } = {}) {
  const plain = Math.min(cap, base * 2 ** Math.max(0, attempt));
  return Math.round(Math.min(cap, plain * (1 + 0.2 * random())));
}

export class ChatSocket {
  // handlers: onOpen(), onMessage(frame), onStatus({ state, retryIn, attempt }).
  constructor({ url, handlers, WebSocketImpl, timers, random } = {}) {
    this.url = url || socketURL();
    this.handlers = handlers || {};
    this.WS = WebSocketImpl || globalThis.WebSocket;
    this.timers = timers || { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (t) => clearTimeout(t) };
    this.random = random || Math.random;
    this.ws = null;
    this.attempt = 0;
    this.retryTimer = null;
    this.stopped = true;
    this.state = 'idle';
  }

  connect() {
    this.stopped = false;
    this.cancelRetry();
    this.dial();
  }

  dial() {
    this.setState('connecting');
    let ws;
    try {
      ws = new this.WS(this.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    let heard = false;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.setState('open');
      this.handlers.onOpen && this.handlers.onOpen();
    };
    ws.onmessage = (event) => {
      if (this.ws !== ws) return;
      if (!heard) {
        heard = true;
        this.attempt = 0; // the server answers: the next loss starts the backoff anew
      }
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return; // not ours to interpret; the protocol is JSON text frames only
      }
      if (frame && typeof frame === 'object' && typeof frame.action === 'string') {
        this.handlers.onMessage && this.handlers.onMessage(frame);
      }
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.handlers.onClose && this.handlers.onClose(event);
      if (this.stopped) this.setState('stopped');
      else this.scheduleRetry();
    };
    ws.onerror = () => {
      // a close event always follows; retry is scheduled there
    };
  }

  scheduleRetry() {
    const retryIn = backoffDelay(this.attempt, { random: this.random });
    const attempt = ++this.attempt;
    this.setState('waiting', { retryIn, attempt });
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.dial();
    }, retryIn);
  }

  // Skip the wait and dial now (the "Reconnect now" button).
  retryNow() {
    if (this.stopped) this.stopped = false;
    if (this.ws) return;
    this.cancelRetry();
    this.dial();
  }

  cancelRetry() {
    if (this.retryTimer !== null) {
      this.timers.clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  }

  get isOpen() {
    return !!this.ws && this.ws.readyState === 1;
  }

  send(frame) {
    if (!this.isOpen) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  // No more reconnects; closes the socket if it is open.
  stop() {
    this.stopped = true;
    this.cancelRetry();
    if (this.ws) {
      const ws = this.ws;
      try {
        ws.close(1000);
      } catch {
        // already closing
      }
    } else {
      this.setState('stopped');
    }
  }

  setState(state, extra = {}) {
    this.state = state;
    this.handlers.onStatus && this.handlers.onStatus({ state, ...extra });
  }
}
