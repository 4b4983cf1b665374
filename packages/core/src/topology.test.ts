import { describe, expect, it } from 'vitest';
import { ALL_QUEUES, QUEUES, TOPOLOGY } from './topology';

describe('topology', () => {
  it('names every queue <entity>-<verb>, without ":"', () => {
    for (const queue of ALL_QUEUES) expect(queue).toMatch(/^[a-z]+-[a-z]+$/);
    expect(new Set(Object.values(QUEUES))).toEqual(new Set(ALL_QUEUES));
  });

  it('has no cycles and ends in a single sink', () => {
    for (const start of ALL_QUEUES) {
      const visited = new Set<string>();
      let current: string | null = start;
      while (current !== null) {
        expect(visited.has(current)).toBe(false);
        visited.add(current);
        current = TOPOLOGY[current as keyof typeof TOPOLOGY];
      }
    }
    expect(ALL_QUEUES.filter((queue) => TOPOLOGY[queue] === null)).toEqual(['webhook-deliver']);
  });

  it('has every output consumed by a queue of the topology and every queue but the entry fed', () => {
    const fed = new Set(Object.values(TOPOLOGY).filter((next) => next !== null));
    for (const next of fed) expect(ALL_QUEUES).toContain(next);
    expect(ALL_QUEUES.filter((queue) => !fed.has(queue))).toEqual(['feed-poll']);
  });
});
