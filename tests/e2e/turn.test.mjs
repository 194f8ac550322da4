// Webcam video through a real TURN server: coturn on loopback, started here, in both of its
// authentication modes — the static user and password of the original's [TURN] section, and
// the shared-secret mode of ours.md (time-limited credentials per user, from the ping).
// [TURN] RelayOnly makes both browsers use relays only, so video can flow only through coturn.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Coturn } from './lib/coturn.mjs';
import { TestServer } from './lib/server.mjs';
import { enterAs, launchBrowser, startWebcam, waitForPlayingFeed } from './lib/browser.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
});

// Keeps every RTCPeerConnection the client makes (and the configuration it asked for), so that
// the test can read their statistics. The client itself is not changed.
function recordPeerConnections() {
  const Native = window.RTCPeerConnection;
  window.e2ePeers = [];
  window.RTCPeerConnection = class extends Native {
    constructor(configuration, ...rest) {
      super(configuration, ...rest);
      window.e2ePeers.push({ pc: this, configuration: JSON.parse(JSON.stringify(configuration || {})) });
    }
  };
}

async function openRecordedPage(server) {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  context.setDefaultTimeout(15000);
  await context.addInitScript(recordPeerConnections);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(String(err)));
  await page.goto(server.url);
  return page;
}

// For the viewer's connection that decodes video: frames decoded, and the candidate types of
// the pair the connection selected.
async function receivingConnection(page) {
  return page.evaluate(async () => {
    for (const { pc, configuration } of window.e2ePeers) {
      const stats = [...(await pc.getStats()).values()];
      const inbound = stats.find((s) => s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0);
      if (!inbound) continue;
      const byId = new Map(stats.map((s) => [s.id, s]));
      const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = transport && byId.get(transport.selectedCandidatePairId);
      return {
        configuration,
        framesDecoded: inbound.framesDecoded,
        local: pair && byId.get(pair.localCandidateId).candidateType,
        remote: pair && byId.get(pair.remoteCandidateId).candidateType,
      };
    }
    return null;
  });
}

// Alice broadcasts, Bob watches; returns what Bob's receiving connection saw.
async function watchThroughTurn(server) {
  const [alice, bob] = await Promise.all([openRecordedPage(server), openRecordedPage(server)]);
  try {
    await enterAs(alice, 'alice');
    await enterAs(bob, 'bob');
    await startWebcam(alice);
    await bob.getByRole('button', { name: 'Open webcam of alice' }).click();
    await waitForPlayingFeed(bob, 'alice');
    const size = await bob.locator('video[aria-label="Webcam of alice"]').evaluate((v) => [v.videoWidth, v.videoHeight]);
    assert.ok(size[0] > 0 && size[1] > 0, `video size ${size}`);
    const seen = await receivingConnection(bob);
    assert.ok(seen, 'Bob has a connection that decodes video');
    assert.deepEqual(alice.errors, []);
    assert.deepEqual(bob.errors, []);
    return seen;
  } finally {
    await Promise.all([alice.context().close(), bob.context().close()]);
  }
}

function settingsFor(turnKeys) {
  return `Version = 17\nTitle = "BareRTC e2e"\n[TURN]\nRelayOnly = true\n${turnKeys}\n`;
}

// coturn logs each successful request with the session's user name.
const allocatedFor = (user) => (line) => line.includes(`user <${user}>`) && /ALLOCATE processed, success/.test(line);

test('webcam video flows through coturn with the static [TURN] user and password', async () => {
  const coturn = await new Coturn({ user: 'chat', password: 'static-password' }).start();
  const server = new TestServer({
    settings: settingsFor(`URLs = ["${coturn.url}"]\nUsername = "chat"\nCredential = "static-password"`),
  });
  try {
    await server.start();
    const seen = await watchThroughTurn(server);
    assert.equal(seen.configuration.iceTransportPolicy, 'relay');
    assert.deepEqual(seen.configuration.iceServers, [{ urls: coturn.url, username: 'chat', credential: 'static-password' }]);
    assert.ok(seen.framesDecoded > 0);
    assert.deepEqual([seen.local, seen.remote], ['relay', 'relay']);
    await coturn.waitForLine(allocatedFor('chat'));
  } finally {
    await server.dispose();
    await coturn.dispose();
  }
});

test('webcam video flows through coturn with per-user credentials from the shared secret', async () => {
  const secret = 'e2e-static-auth-secret';
  const coturn = await new Coturn({ sharedSecret: secret }).start();
  const server = new TestServer({
    settings: settingsFor(`URLs = ["${coturn.url}"]\nSharedSecret = "${secret}"\nCredentialLifetime = 600`),
  });
  try {
    await server.start();
    const seen = await watchThroughTurn(server);
    assert.equal(seen.configuration.iceTransportPolicy, 'relay');
    const [ice] = seen.configuration.iceServers;
    assert.match(ice.username, /^\d+:bob$/);
    const expires = Number(ice.username.split(':')[0]);
    const now = Date.now() / 1000;
    assert.ok(expires > now + 500 && expires <= now + 601, `expiry ${expires} vs now ${now}`);
    assert.ok(seen.framesDecoded > 0);
    assert.deepEqual([seen.local, seen.remote], ['relay', 'relay']);
    // Both ends allocated a relay under their own time-limited name.
    await coturn.waitForLine(allocatedFor(ice.username));
    await coturn.waitForLine((line) => /user <\d+:alice>/.test(line) && /ALLOCATE processed, success/.test(line));
  } finally {
    await server.dispose();
    await coturn.dispose();
  }
});
