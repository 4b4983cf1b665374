// Owns the taxonomy file: its schema (zod), loading YAML or JSON from disk with the topic model it
// names (or the packaged one), and turning schema failures into one error that names the offending field.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PermanentError } from '@newsq/core';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { tokenize } from './tokenize';
import { DEFAULT_THRESHOLD, loadTopicModel, type TopicModel } from './topic-model';

/** The taxonomy shipped with the package. */
export const defaultTaxonomyPath = fileURLToPath(new URL('../taxonomy/default.yaml', import.meta.url));

const TOPIC_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A phrase must contain a word once its "=" and "*" markers are set aside ("!!!" matches nothing). */
const Phrase = z
  .string()
  .trim()
  .refine((phrase) => tokenize(phrase).length > 0, 'phrase has no words');

/** phrase -> weight. Phrase syntax is explained at the top of taxonomy/default.yaml. */
const WeightedPhrases = z.record(Phrase, z.number().positive().finite());

const NearRule = z
  .object({
    /** Shown as the evidence term; defaults to "<first term> ~ <first near term>". */
    name: z.string().min(1).optional(),
    terms: z.array(Phrase).min(1),
    near: z.array(Phrase).min(1),
    /** Maximum distance in words between a term and a near term. */
    window: z.number().int().min(1).max(50).default(6),
    weight: z.number().positive().finite(),
  })
  .strict();

const Topic = z
  .object({
    id: z.string().regex(TOPIC_ID, 'must be lower-case words joined by hyphens'),
    label: z.string().optional(),
    description: z.string().optional(),
    /** Probability (0..1) from the topic model at which the topic is assigned. */
    threshold: z.number().min(0).max(1).optional(),
    /** Multiplier for a phrase found in the title. */
    titleBoost: z.number().min(0).finite().optional(),
    terms: WeightedPhrases.refine((terms) => Object.keys(terms).length > 0, 'needs at least one term'),
    /** Phrases that argue against the topic: their weight is subtracted. */
    negative: WeightedPhrases.default({}),
    /** Phrases whose words never count as evidence for this topic ("trade war" for armed-conflict). */
    except: z.array(Phrase).default([]),
    /** Phrases that make their whole sentence no evidence for this topic (negotiations about trade for diplomacy). */
    unless: z.array(Phrase).default([]),
    /** Co-occurrence rules: a term counts when one of `near` is within `window` words. */
    near: z.array(NearRule).default([]),
  })
  .strict();

const Defaults = z
  .object({
    threshold: z.number().min(0).max(1).default(DEFAULT_THRESHOLD),
    titleBoost: z.number().min(0).finite().default(2),
    /** Articles longer than this many words need proportionally (square-root) more evidence. */
    referenceWords: z.number().int().positive().default(400),
    /** Evidence weight a sentence must hold to count as a sentence that covers the topic. */
    supportWeight: z.number().min(0).finite().default(1),
  })
  .strict();

export const TaxonomySchema = z
  .object({
    version: z.literal(1),
    /** Topic model weights (JSON), relative to the taxonomy file; the packaged weights when absent. */
    weights: z.string().min(1).optional(),
    defaults: Defaults.default(Defaults.parse({})),
    topics: z.array(Topic).min(1),
  })
  .strict()
  .superRefine((taxonomy, ctx) => {
    const seen = new Set<string>();
    taxonomy.topics.forEach((topic, index) => {
      if (seen.has(topic.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['topics', index, 'id'],
          message: `duplicate topic id "${topic.id}"`,
        });
      }
      seen.add(topic.id);
    });
  });

/** A validated taxonomy with the topic model that decides on its topics' evidence. */
export type Taxonomy = z.infer<typeof TaxonomySchema> & { model: TopicModel };
export type TaxonomyTopic = Taxonomy['topics'][number];
export type TaxonomyNearRule = TaxonomyTopic['near'][number];

function describeIssue(issue: z.core.$ZodIssue, taxonomy: unknown): string {
  const where = issue.path
    .map((part, index) => {
      if (typeof part === 'number') {
        // Name topics by id when there is one: "topics[3] (energy).threshold" reads better than an index.
        const id =
          index === 1 && issue.path[0] === 'topics'
            ? (taxonomy as { topics?: { id?: unknown }[] }).topics?.[part]?.id
            : undefined;
        return typeof id === 'string' ? `[${part}] (${id})` : `[${part}]`;
      }
      return index === 0 ? String(part) : `.${String(part)}`;
    })
    .join('');
  // A bad record key (a phrase) carries its reason one level down.
  const reason =
    issue.code === 'invalid_key' ? issue.issues.map((inner) => inner.message).join('; ') : issue.message;
  return `${where || '(root)'}: ${reason}`;
}

// Top-level "x-" keys hold shared vocabularies that topics reuse through YAML aliases.
function withoutExtensionKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('x-')));
}

/**
 * Validates an already-parsed taxonomy object; `source` names it in errors, and its `weights` file is
 * read from `directory`.
 */
export function parseTaxonomy(value: unknown, source = 'taxonomy', directory = '.'): Taxonomy {
  const result = TaxonomySchema.safeParse(withoutExtensionKeys(value));
  if (!result.success) {
    const details = result.error.issues.map((issue) => describeIssue(issue, value)).join('; ');
    throw new PermanentError('taxonomy_invalid', `tagging: invalid taxonomy ${source}: ${details}`);
  }
  const { weights } = result.data;
  return { ...result.data, model: loadTopicModel(weights ? resolve(directory, weights) : undefined) };
}

/** Reads a taxonomy from a YAML or JSON file (JSON is YAML, so one parser serves both). */
export function loadTaxonomy(path: string = defaultTaxonomyPath): Taxonomy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PermanentError(
      'taxonomy_unreadable',
      `tagging: cannot read taxonomy ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  let value: unknown;
  try {
    value = parseYaml(text, { merge: true });
  } catch (error) {
    throw new PermanentError(
      'taxonomy_invalid',
      `tagging: taxonomy ${path} is not valid YAML/JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return parseTaxonomy(value, path, dirname(path));
}
