// Owns the WebSub hub tests run against: a local server that takes subscription requests (answering
// 202 Accepted), verifies each with a random challenge on its callback as a hub does, and pushes signed
// content to the subscribers it verified.
import { randomBytes } from 'node:crypto';
import { type LocalServer, startLocalServer } from '@newsq/http/testing';
import { signPush } from '@newsq/websub';

export interface HubSubscription {
  topic: string;
  callback: string;
  secret: string;
  /** Whether the callback answered the challenge. */
  confirmed: boolean;
}

export interface LocalHub {
  url: string;
  host: string;
  /** Each subscription request, form fields as sent. */
  requests: Record<string, string>[];
  /** Each verification, in order. */
  verifications: HubSubscription[];
  /** POSTs `body` to the last confirmed subscriber of `topic`, signed with its secret (or `secret`). */
  push(topic: string, body: string, options?: { secret?: string }): Promise<number>;
  close(): Promise<void>;
}

export async function startLocalHub(options: { leaseSeconds: number }): Promise<LocalHub> {
  const server: LocalServer = await startLocalServer();
  const requests: Record<string, string>[] = [];
  const verifications: HubSubscription[] = [];

  const verify = async (form: Record<string, string>) => {
    const challenge = randomBytes(12).toString('hex');
    const url = new URL(form['hub.callback']!);
    url.searchParams.set('hub.mode', 'subscribe');
    url.searchParams.set('hub.topic', form['hub.topic']!);
    url.searchParams.set('hub.challenge', challenge);
    url.searchParams.set('hub.lease_seconds', String(options.leaseSeconds));
    const response = await fetch(url);
    verifications.push({
      topic: form['hub.topic']!,
      callback: form['hub.callback']!,
      secret: form['hub.secret'] ?? '',
      confirmed: response.status === 200 && (await response.text()) === challenge,
    });
  };

  server.routes.set('/', (request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      requests.push(form);
      response.writeHead(202).end();
      // Verification of intent comes after the 202, as the spec has it.
      setTimeout(() => void verify(form).catch(() => {}), 20);
    });
  });

  return {
    url: `${server.origin}/`,
    host: server.host,
    requests,
    verifications,
    async push(topic, body, pushOptions = {}) {
      const subscriber = verifications.filter((entry) => entry.topic === topic && entry.confirmed).at(-1);
      if (subscriber === undefined) throw new Error(`hub: no confirmed subscriber for ${topic}`);
      const response = await fetch(subscriber.callback, {
        method: 'POST',
        headers: {
          'content-type': 'application/rss+xml',
          'x-hub-signature': signPush(body, pushOptions.secret ?? subscriber.secret),
          link: `<${server.origin}/>; rel="hub", <${topic}>; rel="self"`,
        },
        body,
      });
      return response.status;
    },
    close: () => server.close(),
  };
}
