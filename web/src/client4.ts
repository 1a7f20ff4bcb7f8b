// The real Client4 and websocket (@mattermost/client, ~16 KB brotli), loaded by api.ts when the UI first needs them:
// after the first view, whose answers came with the page.
import { Client4, WebSocketClient } from '@mattermost/client';
import type { Options } from '@mattermost/types/client4';
import { takeBootAnswer } from './boot.ts';

/** Client4 whose first GET of a URL the page came with an answer for (boot.ts) takes that answer instead. */
class BootClient extends Client4 {
  constructor() {
    super();
    const network = this.doFetch;
    this.doFetch = <T>(url: string, options: Options): Promise<T> => {
      const inlined = takeBootAnswer(url, options.method);
      return inlined ? Promise.resolve(inlined.data as T) : network<T>(url, options);
    };
  }
}

export { BootClient, WebSocketClient };
