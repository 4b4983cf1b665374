// `newsq keys` through the real CLI: a key is printed once, listed without its secret, and revoked.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '@newsq/store';
import { describe, expect, it } from 'vitest';
import { childEnv, runNewsq } from '../support/processes';

describe('newsq keys', () => {
  it('creates, lists and revokes API keys', async () => {
    const databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-keys-')), 'newsq.db')}`;
    const env = childEnv({ DATABASE_URL: databaseUrl });
    const created = await runNewsq(['keys', 'create', '--name', 'grafana', '--scope', 'read'], env);
    expect(created.code).toBe(0);
    const key = created.stdout.split('\n')[0]!;
    expect(key).toMatch(/^nq_/);
    expect((await runNewsq(['keys', 'create', '--name', 'grafana'], env)).code).toBe(1);
    expect((await runNewsq(['keys', 'create', '--name', 'x', '--scope', 'root'], env)).code).not.toBe(0);
    const listed = await runNewsq(['keys', 'ls', '--json'], env);
    expect(listed.stdout).not.toContain(key);
    expect(JSON.parse(listed.stdout.trim())).toMatchObject({
      name: 'grafana',
      scope: 'read',
      revokedAt: null,
    });
    const store = Store.open(databaseUrl);
    try {
      expect((await store.apiKeys.verify(key))?.name).toBe('grafana');
      expect((await runNewsq(['keys', 'revoke', 'grafana'], env)).code).toBe(0);
      expect(await store.apiKeys.verify(key)).toBeNull();
      expect((await runNewsq(['keys', 'revoke', 'grafana'], env)).code).toBe(1);
    } finally {
      await store.close();
    }
  });
});
