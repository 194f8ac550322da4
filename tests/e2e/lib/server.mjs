// Starts the C++ server for one test file: a temporary config directory, 127.0.0.1 and an
// ephemeral port (read back from its "listening on" log line), the built client from web/dist.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const serverBinary = resolve(repoRoot, process.env.BARERTC_BINARY || 'build/barertc');
export const webDist = join(repoRoot, 'web', 'dist');

// No STUN server on the internet: browsers on one machine connect over host candidates.
const TEST_SETTINGS = `Version = 17
Title = "BareRTC e2e"
[TURN]
URLs = []
`;

export class TestServer {
  // `extra` is TOML for the top level, e.g. "PermitNSFW = true".
  constructor({ settings = TEST_SETTINGS, extra = '' } = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'barertc-e2e-'));
    this.configPath = join(this.dir, 'settings.toml');
    writeFileSync(this.configPath, extra ? settings.replace('[TURN]', `${extra}\n[TURN]`) : settings);
    this.port = 0;
    this.proc = null;
    this.log = [];
  }

  get url() {
    return `http://127.0.0.1:${this.port}/`;
  }

  // Starts the server, on the previous port if it had one (to test reconnects).
  async start({ timeoutMs = 10000 } = {}) {
    const address = `127.0.0.1:${this.port}`;
    const proc = spawn(serverBinary, ['--address', address, '--config', this.configPath, '--web', webDist], {
      cwd: this.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    const port = await new Promise((resolvePort, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.log.join('\n')}`)), timeoutMs);
      const onLine = (line) => {
        this.log.push(line);
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolvePort(Number(m[1]));
        }
      };
      for (const stream of [proc.stdout, proc.stderr]) {
        let buffered = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk) => {
          buffered += chunk;
          const lines = buffered.split('\n');
          buffered = lines.pop();
          lines.forEach(onLine);
        });
      }
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code ?? signal}) before listening:\n${this.log.join('\n')}`));
      });
    });
    this.port = port;
    return this;
  }

  // Kills the process and waits until it is gone.
  async stop() {
    const proc = this.proc;
    this.proc = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await gone;
  }

  // Starts again on the same port; retried briefly in case the port is not free yet.
  async restart() {
    await this.stop();
    let lastError;
    for (let i = 0; i < 20; i++) {
      try {
        return await this.start();
      } catch (err) {
        lastError = err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    throw lastError;
  }

  async dispose() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
