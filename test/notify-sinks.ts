// Test helper for notification suites: a recording SMTP server and push proxy started before the suite (register
// before useBasic/useServer so the config can read their addresses), the config that points Parley at them, and a
// bounded wait.
import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../src/config/config.ts';
import { startSmtp, type TestSmtp } from './smtp.ts';
import { startPushProxy, type PushProxy } from './push-proxy.ts';

export interface NotifySinks {
  readonly smtp: TestSmtp;
  readonly proxy: PushProxy;
  /** Points e-mail and push at the sinks (fast queue polling, the proxy's loopback address allowed). */
  configure(c: Config): void;
}

export function useNotifySinks(): NotifySinks {
  let smtp: TestSmtp | undefined;
  let proxy: PushProxy | undefined;
  beforeAll(async () => {
    smtp = await startSmtp();
    proxy = await startPushProxy();
  });
  afterAll(async () => {
    await smtp?.close();
    await proxy?.close();
  });
  const sinks: NotifySinks = {
    get smtp() {
      if (!smtp) throw new Error('the SMTP sink starts in beforeAll');
      return smtp;
    },
    get proxy() {
      if (!proxy) throw new Error('the push proxy starts in beforeAll');
      return proxy;
    },
    configure(c) {
      c.EmailSettings.SMTPServer = '127.0.0.1';
      c.EmailSettings.SMTPPort = String(sinks.smtp.port);
      c.EmailSettings.SMTPServerTimeout = 5;
      c.EmailSettings.PushNotificationServer = sinks.proxy.url;
      c.EmailSettings.ParleyNotificationPollMilliseconds = 100;
      c.ServiceSettings.AllowedUntrustedInternalConnections = '127.0.0.1';
    },
  };
  return sinks;
}

/** Polls `check` until it holds; throws after `ms` (a hang guard, not an assertion on time). */
export async function waitUntil(check: () => Promise<boolean> | boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
