import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from './api-key-repository';
import { Store } from './store';
import { TEST_ENGINES } from './testing';

describe.each(TEST_ENGINES)('ApiKeyRepository on %s', (_engine, url) => {
  let store: Store;
  beforeAll(async () => {
    store = Store.open(url());
    await store.migrate();
  });
  afterAll(() => store.close());

  it('creates keys shown once, verifies them by hash, and revokes them', async () => {
    expect(await store.apiKeys.anyActive()).toBe(false);
    const reader = await store.apiKeys.create('dashboard-viewer', 'read');
    const admin = await store.apiKeys.create('ops', 'admin');
    expect(reader.key).toMatch(/^nq_[A-Za-z0-9_-]{32}$/);
    expect(await store.apiKeys.anyActive()).toBe(true);
    expect(await store.apiKeys.verify(reader.key)).toEqual({
      id: reader.id,
      name: 'dashboard-viewer',
      scope: 'read',
    });
    expect(await store.apiKeys.verify(`${reader.key}x`)).toBeNull();
    expect(await store.apiKeys.verify('not-a-key')).toBeNull();
    const listed = await store.apiKeys.list();
    expect(listed.map((key) => [key.name, key.scope])).toEqual([
      ['dashboard-viewer', 'read'],
      ['ops', 'admin'],
    ]);
    expect(listed[0]!.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(reader.key);
    expect(hashKey(reader.key)).not.toContain(reader.key);
    expect(await store.apiKeys.isActive(reader.id)).toBe(true);
    expect(await store.apiKeys.revoke('dashboard-viewer')).toBe(true);
    expect(await store.apiKeys.isActive(reader.id)).toBe(false);
    expect(await store.apiKeys.revoke('dashboard-viewer')).toBe(false);
    expect(await store.apiKeys.verify(reader.key)).toBeNull();
    expect((await store.apiKeys.verify(admin.key))?.scope).toBe('admin');
    await expect(store.apiKeys.create('ops', 'read')).rejects.toThrow();
  });
});
