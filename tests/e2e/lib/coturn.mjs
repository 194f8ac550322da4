// Starts coturn (/usr/bin/turnserver) for one test: loopback only, UDP only, a free port, a
// generated config in a temporary directory, and its log kept for assertions.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const turnserverBinary = process.env.TURNSERVER_PATH || '/usr/bin/turnserver';

// A UDP port nobody uses right now (coturn listens on UDP only here).
async function freeUdpPort() {
  const socket = createSocket('udp4');
  await new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', resolve);
  });
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}

export class Coturn {
  // auth: { user, password } for a static long-term credential (the [TURN] Username and
  // Credential of the original), or { sharedSecret } for coturn's TURN REST API scheme.
  constructor(auth) {
    this.auth = auth;
    this.dir = mkdtempSync(join(tmpdir(), 'barertc-coturn-'));
    this.port = 0;
    this.proc = null;
    this.log = [];
  }

  get url() {
    return `turn:127.0.0.1:${this.port}?transport=udp`;
  }

  config() {
    const auth = this.auth.sharedSecret
      ? ['use-auth-secret', `static-auth-secret=${this.auth.sharedSecret}`]
      : ['lt-cred-mech', `user=${this.auth.user}:${this.auth.password}`];
    return [
      'listening-ip=127.0.0.1',
      'relay-ip=127.0.0.1',
      `listening-port=${this.port}`,
      'no-tcp',
      'no-tls',
      'no-dtls',
      // Both browsers' relays live on 127.0.0.1, so the peers coturn relays to are loopback.
      'allow-loopback-peers',
      ...auth,
      'realm=barertc.test',
      `userdb=${join(this.dir, 'turndb')}`,
      `pidfile=${join(this.dir, 'turnserver.pid')}`,
      'no-cli',
      'log-file=stdout',
      'verbose',
      '',
    ].join('\n');
  }

  async start({ timeoutMs = 10000 } = {}) {
    this.port = await freeUdpPort();
    const configPath = join(this.dir, 'turnserver.conf');
    writeFileSync(configPath, this.config());
    const proc = spawn(turnserverBinary, ['-c', configPath], { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    this.lineWaiters = [];
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`coturn did not start:\n${this.log.join('\n')}`)), timeoutMs);
      const ready = `UDP listener opened on: 127.0.0.1:${this.port}`;
      for (const stream of [proc.stdout, proc.stderr]) {
        let buffered = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk) => {
          buffered += chunk;
          const lines = buffered.split('\n');
          buffered = lines.pop();
          for (const line of lines) {
            this.log.push(line);
            if (line.includes(ready)) {
              clearTimeout(timer);
              resolve();
            }
            for (const waiter of this.lineWaiters.filter((w) => w.test(line))) {
              this.lineWaiters.splice(this.lineWaiters.indexOf(waiter), 1);
              waiter.resolve(line);
            }
          }
        });
      }
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`coturn exited (${code ?? signal}):\n${this.log.join('\n')}`));
      });
    });
    return this;
  }

  // Resolves with the first log line (already seen or still to come) that passes `test`.
  waitForLine(test, timeoutMs = 10000) {
    const seen = this.log.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve };
      this.lineWaiters.push(waiter);
      setTimeout(() => {
        if (!this.lineWaiters.includes(waiter)) return;
        this.lineWaiters = this.lineWaiters.filter((w) => w !== waiter);
        reject(new Error(`no such coturn log line within ${timeoutMs} ms:\n${this.log.slice(-40).join('\n')}`));
      }, timeoutMs);
    });
  }

  async dispose() {
    const proc = this.proc;
    this.proc = null;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await gone;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
