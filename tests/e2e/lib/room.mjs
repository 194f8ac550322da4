// The set-up most browser tests share: a server, one browser, and two guests (alice, bob)
// logged in to the default channel. `close()` tears down whatever was started, also when the
// set-up itself failed half-way.
import { TestServer } from './server.mjs';
import { enterAs, launchBrowser, openPage } from './browser.mjs';

export async function roomWithAliceAndBob(serverOptions) {
  const room = {
    server: null,
    browser: null,
    alice: null,
    bob: null,
    async close() {
      try {
        if (this.browser) await this.browser.close();
      } finally {
        if (this.server) await this.server.dispose();
      }
    },
  };
  try {
    room.server = await new TestServer(serverOptions).start();
    room.browser = await launchBrowser();
    room.alice = await openPage(room.browser, room.server);
    room.bob = await openPage(room.browser, room.server);
    await enterAs(room.alice, 'alice');
    await enterAs(room.bob, 'bob');
    return room;
  } catch (err) {
    await room.close();
    throw err;
  }
}
