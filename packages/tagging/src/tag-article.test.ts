import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tagArticle } from './tag-article';
import { defaultTaxonomyPath, loadTaxonomy } from './taxonomy';

const taxonomy = loadTaxonomy();
const testdata = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

interface LabelledArticle {
  id: string;
  title: string;
  text: string;
  labels: string[];
}

const labelled: LabelledArticle[] = testdata('articles.jsonl')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as LabelledArticle);

describe('tagArticle on the seed article', () => {
  // The file holds a date line, the headline and an image name before the body.
  const [, title, , body] = testdata('seed-article.txt').split(/\n\s*\n+/);
  const result = tagArticle({ title: title!.trim(), text: body!.trim() }, taxonomy);

  it('finds sanctions, the arms trade and military cooperation, with evidence', () => {
    const ids = result.topics.map((topic) => topic.id);
    expect(ids).toEqual(expect.arrayContaining(['sanctions', 'arms-trade', 'military-cooperation']));
    for (const topic of result.topics) {
      expect(topic.score).toBeGreaterThan(0);
      expect(topic.score).toBeLessThanOrEqual(1);
      expect(topic.evidence.length).toBeGreaterThan(0);
    }
    const sanctions = result.topics.find((topic) => topic.id === 'sanctions')!;
    expect(sanctions.evidence).toContainEqual({ term: 'sanction', count: 4, where: 'text' });
  });

  it('finds the countries, by name and by demonym', () => {
    expect(result.entities.countries.map((country) => country.code).sort()).toEqual([
      'CN',
      'KP',
      'RU',
      'UA',
      'US',
    ]);
    expect(result.entities.countries).toContainEqual({ code: 'KP', name: 'North Korea' });
  });

  it('finds the people under their full names', () => {
    expect(result.entities.people.map((person) => person.name)).toEqual([
      'Vladimir Putin',
      'Kim Jong Un',
      'Donald Trump',
      'Sergei Shoigu',
      'Andrei Kozyrev',
    ]);
  });

  it('finds organisations', () => {
    expect(result.entities.organizations).toContainEqual({ name: 'UN Security Council' });
  });
});

describe('tagArticle on labelled articles written for these tests', () => {
  it.each(labelled)('$id gets $labels', (article) => {
    const expected = article.labels.filter((label) => label !== 'none');
    expect(tagArticle(article, taxonomy).topics.map((topic) => topic.id)).toEqual(expected);
  });
});

describe('tagArticle with an operator-defined topic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsq-taxonomy-'));
  const path = join(dir, 'taxonomy.yaml');
  copyFileSync(defaultTaxonomyPath, path);
  writeFileSync(
    path,
    `${readFileSync(path, 'utf8')}
  - id: space
    label: Space
    threshold: 0.5
    terms:
      satellite: 3
      rocket: 2
      launch pad: 3
      orbit: 2
      space agency: 3
    near:
      - terms: [launch]
        near: [rocket, satellite]
        window: 4
        weight: 2
`,
  );
  const extended = loadTaxonomy(path);

  it('tags matching articles without a code change', () => {
    const article = {
      title: 'Rocket carries weather satellite into orbit',
      text: 'The national space agency launched a rocket from its coastal launch pad on Friday, placing a new weather satellite into orbit. Engineers said the satellite would begin sending images next month.',
    };
    const topics = tagArticle(article, extended).topics;
    expect(topics.map((topic) => topic.id)).toEqual(['space']);
    expect(topics[0]!.evidence).toContainEqual({ term: 'satellite', count: 1, where: 'title' });
    expect(tagArticle(article, taxonomy).topics).toEqual([]);
  });

  it('keeps the default topics working', () => {
    const trade = labelled.find((article) => article.id === 'trade-1')!;
    expect(tagArticle(trade, extended).topics.map((topic) => topic.id)).toEqual(['trade']);
  });
});

describe('tagArticle on awkward input', () => {
  it.each([
    { name: 'an empty article', article: { title: '', text: '' } },
    { name: 'a title only', article: { title: 'Only a title about sanctions', text: '' } },
    { name: 'punctuation only', article: { title: '', text: '!!! ??? ...' } },
    {
      name: 'one enormous word',
      article: { title: 'ALL CAPITALS HEADLINE ABOUT OIL', text: 'x'.repeat(10_000) },
    },
    {
      name: 'a runaway page',
      article: {
        title: 'A runaway page',
        text: 'Minister Anna Lindqvist spoke about oil prices. '.repeat(5_000),
      },
    },
  ])('tags $name without throwing', ({ article }) => {
    const result = tagArticle(article, taxonomy);
    expect(Array.isArray(result.topics)).toBe(true);
    expect(result.entities).toHaveProperty('countries');
  });
});
