// `newsq subscriptions` through the real CLI: the secret is printed once, filters and health are
// listed without it, pause, resume, dead letters and replay, and removal.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniquePrefix } from '@newsq/redis/testing';
import { Store } from '@newsq/store';
import { describe, expect, it } from 'vitest';
import { childEnv, runNewsq } from '../support/processes';

describe('newsq subscriptions', () => {
  it('adds, lists, pauses, resumes, shows dead letters of, replays and removes subscriptions', async () => {
    const databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-subs-')), 'newsq.db')}`;
    const env = childEnv({
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL!,
      NEWSQ_PREFIX: uniquePrefix('cli-subs'),
    });
    const added = await runNewsq(
      [
        'subscriptions',
        'add',
        'https://desk.example/hooks',
        '--name',
        'kp-desk',
        '--topic',
        'sanctions,arms-trade',
        '--country',
        'kp',
        '--min-score',
        '0.5',
      ],
      env,
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const secret = added.stdout.split('\n')[0]!;
    expect(secret).toMatch(/^whsec_/);
    expect(
      (await runNewsq(['subscriptions', 'add', 'https://x.example/', '--name', 'kp-desk'], env)).code,
    ).toBe(1);
    expect((await runNewsq(['subscriptions', 'add', 'ftp://x.example/', '--name', 'other'], env)).code).toBe(
      1,
    );
    expect(
      (
        await runNewsq(
          ['subscriptions', 'add', 'https://x.example/', '--name', 'o', '--country', 'Korea'],
          env,
        )
      ).code,
    ).toBe(1);

    const listed = await runNewsq(['subscriptions', 'ls', '--json'], env);
    expect(listed.stdout).not.toContain(secret);
    expect(JSON.parse(listed.stdout.trim())).toMatchObject({
      name: 'kp-desk',
      url: 'https://desk.example/hooks',
      status: 'active',
      filters: {
        topics: ['sanctions', 'arms-trade'],
        countries: ['KP'],
        minScore: 0.5,
        originalsOnly: false,
      },
    });
    expect((await runNewsq(['subscriptions', 'ls'], env)).stdout).toContain(
      'topics sanctions,arms-trade; countries KP',
    );
    expect((await runNewsq(['subscriptions', 'pause', 'kp-desk'], env)).code).toBe(0);
    expect((await runNewsq(['subscriptions', 'ls'], env)).stdout).toContain('paused (manual)');
    expect((await runNewsq(['subscriptions', 'resume', 'kp-desk'], env)).code).toBe(0);
    const dlq = await runNewsq(['subscriptions', 'dlq', 'kp-desk'], env);
    expect(dlq.code).toBe(0);
    expect(dlq.stdout).toContain('0 dead letters');
    expect((await runNewsq(['subscriptions', 'replay', 'kp-desk'], env)).stdout).toContain(
      'replayed 0 deliveries',
    );

    const store = Store.open(databaseUrl);
    try {
      expect((await store.subscriptions.list()).map((subscription) => subscription.status)).toEqual([
        'active',
      ]);
      expect((await runNewsq(['subscriptions', 'rm', 'kp-desk'], env)).code).toBe(0);
      expect(await store.subscriptions.list()).toEqual([]);
      expect((await runNewsq(['subscriptions', 'rm', 'kp-desk'], env)).code).toBe(1);
    } finally {
      await store.close();
    }
  });
});
