import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_USER_AGENT } from '@newsq/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, SIGNATURE_HEADER, signPayload, verifySignature } from './index';

const secret = 'webhook-secret-0123456789';

describe('signatures', () => {
  it('verify for the same secret and body within the tolerance only', () => {
    const header = signPayload(secret, '{"a":1}', 1_000);
    expect(verifySignature(secret, header, '{"a":1}', { nowSeconds: 1_100 })).toBe(true);
    expect(verifySignature(secret, header, '{"a":2}', { nowSeconds: 1_100 })).toBe(false);
    expect(verifySignature('another-secret-0123456', header, '{"a":1}', { nowSeconds: 1_100 })).toBe(false);
    expect(verifySignature(secret, header, '{"a":1}', { nowSeconds: 2_000 })).toBe(false);
    expect(verifySignature(secret, 'garbage', '{"a":1}')).toBe(false);
  });
});

describe('deliverWebhook', () => {
  let server: Server;
  let url: string;
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  const statuses: Record<string, [number, Record<string, string>?]> = {
    '/ok': [204],
    '/down': [503, { 'retry-after': '30' }],
    '/gone': [410],
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        const [status, headers] = statuses[request.url ?? ''] ?? [404];
        response.writeHead(status, headers).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const deliver = (path: string) =>
    deliverWebhook({
      url: `${url}${path}`,
      secret,
      deliveryId: 'd1',
      event: 'article.published',
      body: '{"x":1}',
      timeoutMs: 2_000,
    });

  it('sends a signed body a receiver can verify', async () => {
    expect(await deliver('/ok')).toBe(204);
    const request = received.at(-1)!;
    expect(request.headers['x-newsq-delivery']).toBe('d1');
    expect(request.headers['x-newsq-event']).toBe('article.published');
    expect(request.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(verifySignature(secret, String(request.headers[SIGNATURE_HEADER]), request.body)).toBe(true);
  });

  it('classifies failures as retryable or permanent', async () => {
    await expect(deliver('/down')).rejects.toMatchObject({
      code: 'webhook_status',
      retryable: true,
      retryAfterMs: 30_000,
    });
    await expect(deliver('/gone')).rejects.toMatchObject({ code: 'webhook_rejected', retryable: false });
    await expect(
      deliverWebhook({
        url: 'http://127.0.0.1:1/x',
        secret,
        deliveryId: 'd',
        event: 'e',
        body: '{}',
        timeoutMs: 1_000,
      }),
    ).rejects.toMatchObject({ code: 'webhook_unreachable', retryable: true });
  });
});
