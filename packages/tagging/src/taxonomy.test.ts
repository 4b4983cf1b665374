import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTaxonomyPath, loadTaxonomy, parseTaxonomy } from './taxonomy';
import { loadTopicModel } from './topic-model';

const DEFAULT_TOPICS = [
  'sanctions',
  'arms-trade',
  'military-cooperation',
  'nuclear-weapons',
  'humanitarian-aid',
  'diplomacy',
  'armed-conflict',
  'elections',
  'energy',
  'trade',
  'cyber',
];

const minimalTopic = { id: 'space', terms: { satellite: 2 } };

describe('loadTaxonomy', () => {
  it('loads the shipped taxonomy with every default topic', () => {
    const taxonomy = loadTaxonomy();
    expect(taxonomy.topics.map((topic) => topic.id)).toEqual(DEFAULT_TOPICS);
    expect(loadTaxonomy(defaultTaxonomyPath)).toEqual(taxonomy);
  });

  it('resolves shared vocabularies through YAML merge keys and ignores x- keys', () => {
    const sanctions = loadTaxonomy().topics.find((topic) => topic.id === 'sanctions')!;
    expect(sanctions.negative.striker).toBeGreaterThan(0);
  });

  it('reads JSON as well as YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsq-taxonomy-'));
    const path = join(dir, 'taxonomy.json');
    writeFileSync(path, JSON.stringify({ version: 1, topics: [minimalTopic] }));
    const taxonomy = loadTaxonomy(path);
    expect(taxonomy.topics[0]).toMatchObject({ id: 'space', negative: {}, except: [], near: [] });
    expect(taxonomy.defaults.threshold).toBe(0.45);
  });

  it('names the file when it cannot be read or parsed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsq-taxonomy-'));
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'topics: [unclosed');
    expect(() => loadTaxonomy(join(dir, 'missing.yaml'))).toThrow(
      /^tagging: cannot read taxonomy .*missing\.yaml/,
    );
    expect(() => loadTaxonomy(broken)).toThrow(/^tagging: taxonomy .*broken\.yaml is not valid YAML/);
  });
});

describe('the topic model of a taxonomy', () => {
  it('is the packaged one unless the taxonomy names its own weights', () => {
    expect(loadTaxonomy().model).toEqual(loadTopicModel());
    const dir = mkdtempSync(join(tmpdir(), 'newsq-taxonomy-'));
    const own = { ...loadTopicModel(), intercept: -1, topicOffsets: { space: 0.5 } };
    writeFileSync(join(dir, 'space.weights.json'), JSON.stringify(own));
    writeFileSync(
      join(dir, 'taxonomy.yaml'),
      'version: 1\nweights: space.weights.json\ntopics:\n  - id: space\n    terms: { satellite: 2 }\n',
    );
    expect(loadTaxonomy(join(dir, 'taxonomy.yaml')).model).toEqual(own);
  });

  it('names a weights file it cannot use', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsq-taxonomy-'));
    writeFileSync(
      join(dir, 'stale.weights.json'),
      JSON.stringify({ ...loadTopicModel(), features: ['old'] }),
    );
    const taxonomyWith = (weights: string) => {
      const path = join(dir, `${weights}.yaml`);
      writeFileSync(path, JSON.stringify({ version: 1, weights, topics: [minimalTopic] }));
      return path;
    };
    expect(() => loadTaxonomy(taxonomyWith('missing.weights.json'))).toThrow(
      /cannot read topic model .*missing\.weights\.json/,
    );
    expect(() => loadTaxonomy(taxonomyWith('stale.weights.json'))).toThrow(/train them again/);
  });
});

describe('parseTaxonomy', () => {
  const cases: { name: string; value: unknown; error: RegExp }[] = [
    { name: 'wrong version', value: { version: 2, topics: [minimalTopic] }, error: /version: / },
    { name: 'no topics', value: { version: 1, topics: [] }, error: /topics: / },
    {
      name: 'weight not a number',
      value: { version: 1, topics: [{ id: 'space', terms: { satellite: 'high' } }] },
      error: /topics\[0\] \(space\)\.terms\.satellite: /,
    },
    {
      name: 'threshold above 1',
      value: { version: 1, topics: [{ ...minimalTopic, threshold: 2 }] },
      error: /topics\[0\] \(space\)\.threshold: /,
    },
    {
      name: 'empty terms',
      value: { version: 1, topics: [{ id: 'space', terms: {} }] },
      error: /topics\[0\] \(space\)\.terms: needs at least one term/,
    },
    {
      name: 'bad id',
      value: { version: 1, topics: [{ ...minimalTopic, id: 'Space Race' }] },
      error: /topics\[0\] \(Space Race\)\.id: must be lower-case words joined by hyphens/,
    },
    {
      name: 'duplicate id',
      value: { version: 1, topics: [minimalTopic, minimalTopic] },
      error: /topics\[1\] \(space\)\.id: duplicate topic id "space"/,
    },
    {
      name: 'misspelt field',
      value: { version: 1, topics: [{ ...minimalTopic, negatives: { moon: 1 } }] },
      error: /topics\[0\] \(space\): .*negatives/,
    },
    {
      name: 'phrase without words',
      value: { version: 1, topics: [{ id: 'space', terms: { '!!!': 1 } }] },
      error: /topics\[0\] \(space\)\.terms\.!!!: phrase has no words/,
    },
    {
      name: 'near rule without weight',
      value: { version: 1, topics: [{ ...minimalTopic, near: [{ terms: ['launch'], near: ['rocket'] }] }] },
      error: /topics\[0\] \(space\)\.near\[0\]\.weight: /,
    },
  ];
  it.each(cases)('rejects $name, naming the field', ({ value, error }) => {
    expect(() => parseTaxonomy(value, 'test.yaml')).toThrow(/^tagging: invalid taxonomy test\.yaml: /);
    expect(() => parseTaxonomy(value, 'test.yaml')).toThrow(error);
  });

  it('throws a permanent error with a stable code', () => {
    try {
      parseTaxonomy({ version: 1, topics: [] });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'taxonomy_invalid', retryable: false });
    }
  });
});
