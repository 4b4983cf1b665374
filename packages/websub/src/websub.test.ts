import { describe, expect, it } from 'vitest';
import { answerVerification, discoverHub, renewalDueAt, signPush, verifyPushSignature } from './index';

describe('verifyPushSignature', () => {
  const body = Buffer.from('<feed/>');
  it('accepts each method the spec allows and refuses wrong, unsigned or unknown-method content', () => {
    for (const method of ['sha1', 'sha256', 'sha384', 'sha512'])
      expect(verifyPushSignature(body, signPush(body, 'secret', method), 'secret'), method).toBe(true);
    expect(verifyPushSignature(body, signPush(body, 'other'), 'secret')).toBe(false);
    expect(verifyPushSignature(Buffer.from('<feed>x</feed>'), signPush(body, 'secret'), 'secret')).toBe(
      false,
    );
    expect(verifyPushSignature(body, undefined, 'secret')).toBe(false);
    expect(verifyPushSignature(body, `md5=${'0'.repeat(32)}`, 'secret')).toBe(false);
    expect(verifyPushSignature(body, 'sha256=abc', 'secret')).toBe(false);
  });
});

describe('discoverHub', () => {
  const document = { hubs: ['https://doc-hub.example/'], selfUrl: '/feed.xml' };
  it('prefers the Link header, then the document, and falls back to the fetched URL as topic', () => {
    expect(
      discoverHub(
        document,
        { link: '<https://header-hub.example/>; rel="hub", <https://news.example/topic>; rel="self"' },
        'https://news.example/feed.xml?x',
      ),
    ).toEqual({ hub: 'https://header-hub.example/', topic: 'https://news.example/topic' });
    expect(discoverHub(document, { link: 'garbage <<' }, 'https://news.example/rss')).toEqual({
      hub: 'https://doc-hub.example/',
      topic: 'https://news.example/feed.xml',
    });
    expect(
      discoverHub({ hubs: ['https://h.example/'], selfUrl: null }, {}, 'https://news.example/rss'),
    ).toEqual({
      hub: 'https://h.example/',
      topic: 'https://news.example/rss',
    });
    expect(
      discoverHub({ hubs: ['ftp://h.example/'], selfUrl: null }, {}, 'https://news.example/rss'),
    ).toBeNull();
  });
});

describe('answerVerification', () => {
  const pending = { topic: 'https://news.example/feed.xml', state: 'requested' };
  const query = {
    'hub.mode': 'subscribe',
    'hub.topic': pending.topic,
    'hub.challenge': 'abc123',
    'hub.lease_seconds': '3600',
  };
  it('confirms only the subscription it asked for', () => {
    expect(answerVerification(query, pending)).toEqual({
      kind: 'confirm',
      challenge: 'abc123',
      leaseSeconds: 3600,
    });
    expect(answerVerification(query, { ...pending, state: 'active' }).kind).toBe('confirm');
    expect(answerVerification(query, { ...pending, state: 'new' }).kind).toBe('refuse');
    expect(answerVerification({ ...query, 'hub.topic': 'https://evil.example/' }, pending).kind).toBe(
      'refuse',
    );
    expect(answerVerification({ ...query, 'hub.mode': 'unsubscribe' }, pending).kind).toBe('refuse');
    expect(answerVerification(query, null).kind).toBe('refuse');
    expect(
      answerVerification({ 'hub.mode': 'denied', 'hub.topic': pending.topic, 'hub.reason': 'no' }, pending),
    ).toEqual({
      kind: 'denied',
      reason: 'no',
    });
  });

  it('renews when nine tenths of the lease have passed', () => {
    expect(renewalDueAt(new Date('2026-01-01T00:00:00Z'), 1000).toISOString()).toBe(
      '2026-01-01T00:15:00.000Z',
    );
  });
});
