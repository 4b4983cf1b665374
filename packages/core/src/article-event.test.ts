// The event contract: the committed JSON Schemas are what the zod schemas say, events validate
// against them, and the ids that let consumers drop repeats change exactly when they should.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  ArticleEvent,
  contractJsonSchemas,
  deliveryIdFor,
  eventIdFor,
  taggingFingerprint,
  WebhookPayload,
} from './article-event';
import { matchesSubscription, NO_FILTERS } from './subscription-filters';
import { sampleArticleEvent } from './testing';

const committed = (name: string) =>
  JSON.parse(readFileSync(new URL(`../schemas/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

function validator(name: string) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(committed(name));
}

describe('article event contract', () => {
  it('has its JSON Schemas committed as generated (run `pnpm schemas` after changing the zod schemas)', () => {
    for (const [name, schema] of Object.entries(contractJsonSchemas())) {
      expect(committed(name), name).toEqual(JSON.parse(JSON.stringify(schema)));
    }
  });

  it('validates stored and updated events and webhook payloads, and refuses broken ones', () => {
    const validate = validator('article-event.v1.json');
    const stored = sampleArticleEvent();
    const updated = { ...stored, event: 'article.updated' as const, changes: ['tagging' as const] };
    for (const event of [stored, updated]) {
      expect(ArticleEvent.parse(event)).toEqual(event);
      expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(validate({ ...updated, changes: [] })).toBe(false);
    expect(validate({ ...stored, event: 'article.published' })).toBe(false);
    expect(validate({ ...stored, canonicalUrl: 'not a url' })).toBe(false);
    expect(validate({ ...stored, storedAt: 'yesterday' })).toBe(false);
    const payload = { version: 1, deliveryId: 'dlv_1', subscriptionId: 'sub_1', event: stored };
    expect(WebhookPayload.parse(payload)).toEqual(payload);
    expect(validator('webhook-payload.v1.json')(payload)).toBe(true);
  });

  it('gives a new event id to each publication, and one delivery id per subscription and event', () => {
    const a = eventIdFor('article', 'text-1', 'tags-1', '2024-01-01T00:00:00.000Z');
    expect(eventIdFor('article', 'text-1', 'tags-1', '2024-01-01T00:00:00.000Z')).toBe(a);
    expect(eventIdFor('article', 'text-1', 'tags-2', '2024-01-01T00:00:00.000Z')).not.toBe(a);
    // Back to an earlier version later on: a new publication, not a repeat.
    expect(eventIdFor('article', 'text-1', 'tags-1', '2024-01-02T00:00:00.000Z')).not.toBe(a);
    expect(deliveryIdFor('sub_1', a)).not.toBe(deliveryIdFor('sub_2', a));
  });

  it('fingerprints what tagging decided, not its evidence or order', () => {
    const entities = { countries: [{ code: 'RU', name: 'Russia' }], people: [], organizations: [] };
    const topics = [
      { id: 'sanctions', score: 0.91, evidence: [{ term: 'sanctions', count: 2, where: 'title' }] },
      { id: 'arms-trade', score: 0.4, evidence: [] },
    ];
    const base = taggingFingerprint(topics, entities);
    expect(
      taggingFingerprint(
        [...topics].reverse().map((topic) => ({ ...topic, evidence: [] })),
        entities,
      ),
    ).toBe(base);
    expect(taggingFingerprint([{ ...topics[0]!, score: 0.5 }, topics[1]!], entities)).not.toBe(base);
    expect(taggingFingerprint(topics, { ...entities, people: [{ name: 'A. Person' }] })).not.toBe(base);
  });
});

describe('subscription filters', () => {
  const event = sampleArticleEvent({
    topics: [
      { id: 'sanctions', score: 0.9, evidence: [] },
      { id: 'arms-trade', score: 0.3, evidence: [] },
    ],
    entities: { countries: [{ code: 'KP', name: 'North Korea' }], people: [], organizations: [] },
  });
  const duplicate = sampleArticleEvent({ duplicateOf: 'https://news.example/original' });

  it.each([
    [{}, true],
    [{ topics: ['arms-trade'] }, true],
    [{ topics: ['cyber'] }, false],
    [{ topics: ['arms-trade'], minScore: 0.5 }, false],
    [{ topics: ['sanctions'], minScore: 0.5 }, true],
    [{ minScore: 0.95 }, false],
    [{ countries: ['KP', 'RU'] }, true],
    [{ countries: ['RU'] }, false],
  ])('%j matches: %s', (filters, expected) => {
    expect(matchesSubscription({ ...NO_FILTERS, ...filters }, event)).toBe(expected);
  });

  it('leaves duplicates out when asked', () => {
    expect(matchesSubscription(NO_FILTERS, duplicate)).toBe(true);
    expect(matchesSubscription({ ...NO_FILTERS, originalsOnly: true }, duplicate)).toBe(false);
  });
});
