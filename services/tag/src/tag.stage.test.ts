import type { DedupedArticle } from '@newsq/core';
import { sampleTaggedArticle, testStageContext } from '@newsq/core/testing';
import { runStageOnce } from '@newsq/queue';
import { loadTaxonomy, tagArticle } from '@newsq/tagging';
import { describe, expect, it } from 'vitest';
import { createTagStage } from './tag.stage';

const ctx = testStageContext();
const taxonomy = loadTaxonomy();
const stage = createTagStage({ tag: (article) => tagArticle(article, taxonomy) });

function article(overrides: Partial<DedupedArticle>): DedupedArticle {
  const { topics: _topics, entities: _entities, ...deduped } = sampleTaggedArticle(overrides);
  return deduped;
}

describe('tag stage', () => {
  it('tags an original with topics, evidence and entities', async () => {
    const text =
      'The European Union adopted a new package of sanctions against Russia on Friday, freezing the assets of ' +
      'twelve banks and imposing an export ban on dual-use goods. Brussels said the sanctions target the financing ' +
      'of the war in Ukraine. President Vladimir Putin called the measures illegal.';
    const run = await runStageOnce(
      stage,
      article({ title: 'EU widens sanctions on Russian banks', text }),
      ctx,
    );
    const tagged = run.outputs[0]!.data;
    expect(tagged.topics.map((topic) => topic.id)).toContain('sanctions');
    expect(tagged.topics.find((topic) => topic.id === 'sanctions')!.evidence.length).toBeGreaterThan(0);
    expect(tagged.entities.countries.map((country) => country.code)).toContain('RU');
    expect(run.outputs[0]!.jobId).toMatch(/^article-store-[0-9a-f]{40}$/);
  });

  it('passes duplicates through untagged', async () => {
    const run = await runStageOnce(
      stage,
      article({
        title: 'Sanctions',
        text: 'sanctions sanctions',
        duplicateOf: 'https://other.example/a',
        similarity: 0.9,
      }),
      ctx,
    );
    expect(run.outputs[0]!.data).toMatchObject({ topics: [], duplicateOf: 'https://other.example/a' });
  });
});
