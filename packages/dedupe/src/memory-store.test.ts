import { describe, expect, it } from 'vitest';
import { createMemoryDedupeStore } from './memory-store';

const entry = (id: string, bucketKeys: string[]) => ({ id, bucketKeys, record: Buffer.from(id) });

describe('createMemoryDedupeStore', () => {
  it('returns unevaluated neighbours without inserting, then inserts once they are evaluated', async () => {
    const store = createMemoryDedupeStore();
    expect(await store.commit(entry('a', ['k1', 'k2']), [])).toEqual({ status: 'inserted' });
    const seen = await store.commit(entry('b', ['k2', 'k3']), []);
    expect(seen).toEqual({ status: 'candidates', candidates: [{ ref: 'a', record: Buffer.from('a') }] });
    expect(store.stats().entries).toBe(1);
    expect(await store.commit(entry('b', ['k2', 'k3']), ['a'])).toEqual({ status: 'inserted' });
    expect(await store.commit(entry('b', ['k9']), [])).toEqual({
      status: 'existing',
      record: Buffer.from('b'),
    });
  });

  it('bounds a bucket, keeping its first entry and the latest ones', async () => {
    const store = createMemoryDedupeStore({ maxPerBucket: 3 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) store.insertUnchecked(entry(id, ['hot']));
    const result = await store.commit(entry('z', ['hot']), []);
    expect(result.status === 'candidates' && result.candidates.map((c) => c.ref)).toEqual(['a', 'd', 'e']);
  });

  it('drops entries past the retention window', async () => {
    let clock = 0;
    const store = createMemoryDedupeStore({ retentionDays: 1, now: () => clock });
    await store.commit(entry('a', ['k']), []);
    clock = 86_400_001;
    expect(await store.commit(entry('b', ['k']), [])).toEqual({ status: 'inserted' });
    expect(store.stats().entries).toBe(1);
  });
});
