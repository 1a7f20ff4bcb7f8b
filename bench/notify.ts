// Bench scenario `notify`: post latency with notifications on (e-mail and push enabled, every member offline, each
// post an @channel so every member is a recipient). A local SMTP sink and push-proxy sink take what Parley sends;
// every seeded session gets a device id so pushes go out.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { sql } from 'kysely';
import { connect } from '../src/store/sql/dialect.ts';
import type { Db } from './lib.ts';

export interface NotifySinks {
  env: Record<string, string>;
  counts(): { mails: number; pushes: number };
  close(): Promise<void>;
}

/** Starts the sinks and returns the server environment that points Parley at them. */
export async function startNotifySinks(): Promise<NotifySinks> {
  let mails = 0;
  let pushes = 0;
  const smtp = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _s, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        mails++;
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const proxy = http.createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      pushes++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"status":"OK"}');
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const proxyPort = (proxy.address() as AddressInfo).port;
  return {
    env: {
      MM_EMAILSETTINGS_SENDEMAILNOTIFICATIONS: 'true',
      MM_EMAILSETTINGS_SMTPSERVER: '127.0.0.1',
      MM_EMAILSETTINGS_SMTPPORT: String(smtpPort),
      MM_EMAILSETTINGS_SENDPUSHNOTIFICATIONS: 'true',
      MM_EMAILSETTINGS_PUSHNOTIFICATIONSERVER: `http://127.0.0.1:${proxyPort}`,
      MM_SERVICESETTINGS_ALLOWEDUNTRUSTEDINTERNALCONNECTIONS: '127.0.0.1',
    },
    counts: () => ({ mails, pushes }),
    close: async () => {
      await new Promise<void>((r) => smtp.close(() => r()));
      await new Promise<void>((r) => proxy.close(() => r()));
    },
  };
}

/** Gives every seeded session a push device id (`android_rn-v2:<session id>`). */
export async function attachDevices(db: Db): Promise<void> {
  const conn = await connect(db.driver, db.dataSource, 2);
  try {
    await conn.db
      .updateTable('sessions')
      // A cast, so PostgreSQL knows the parameter's type.
      .set({ device_id: sql<string>`cast(${'android_rn-v2:'} as text) || id` })
      .execute();
  } finally {
    await conn.close();
  }
}

/** Queued notification jobs left (the queue must drain after the load). */
export async function pendingJobs(db: Db): Promise<number> {
  const conn = await connect(db.driver, db.dataSource, 2);
  try {
    const r = await conn.db
      .selectFrom('notification_jobs')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  } finally {
    await conn.close();
  }
}
