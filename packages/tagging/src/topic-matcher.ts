// Owns topic evidence: compiles a taxonomy's phrases into an index keyed by first word (once per
// taxonomy object, cached), finds each topic's evidence in an article's title and body, and assigns
// the topics the topic model (topic-model.ts) finds likely enough, with the evidence behind each.
import type { Taxonomy, TaxonomyTopic } from './taxonomy';
import { type Token, tokenize } from './tokenize';
import { topicProbabilities } from './topic-model';

export type Where = 'title' | 'text';

export interface TopicEvidence {
  term: string;
  count: number;
  where: Where;
}

export interface TopicScore {
  id: string;
  score: number;
  evidence: TopicEvidence[];
}

type WordMatcher =
  | { kind: 'word'; value: string }
  | { kind: 'exact'; value: string }
  | { kind: 'case'; value: string }
  | { kind: 'prefix'; value: string };

type Role = 'term' | 'negative' | 'except' | 'unless' | 'near-term' | 'near-context';

interface CompiledPhrase {
  topic: number;
  role: Role;
  /** Index into the topic's evidence slots (terms and near rules) or negatives. */
  slot: number;
  /** Near rule index, for near-term/near-context. */
  rule: number;
  words: WordMatcher[];
}

interface CompiledTopic {
  id: string;
  /** Probability (from the topic model) at which the topic is assigned. */
  threshold: number;
  titleBoost: number;
  /** Evidence slots: one per term, then one per near rule. */
  slotNames: string[];
  slotWeights: number[];
  negativeWeights: number[];
  nearRules: { slot: number; window: number }[];
}

interface CompiledTaxonomy {
  topics: CompiledTopic[];
  byKey: Map<string, CompiledPhrase[]>;
  byPrefix: CompiledPhrase[];
  referenceWords: number;
  supportWeight: number;
}

const UPPER_WORD = /^[\p{Lu}\p{N}]{2,}$/u;

// "=arms" exact word, "cyber*" prefix, "NATO" case-sensitive, anything else matched with its inflections. The schema
// guarantees every phrase has at least one word.
function compileWords(phrase: string): WordMatcher[] {
  const words: WordMatcher[] = [];
  for (const part of phrase.split(/\s+/)) {
    const exact = part.startsWith('=');
    const prefix = part.endsWith('*');
    const tokens = tokenize(part);
    tokens.forEach((token, index) => {
      const last = index === tokens.length - 1;
      if (prefix && last) words.push({ kind: 'prefix', value: token.lower });
      else if (exact) words.push({ kind: 'exact', value: token.lower });
      else if (UPPER_WORD.test(token.raw) && /\p{L}/u.test(token.raw))
        words.push({ kind: 'case', value: token.raw });
      else words.push({ kind: 'word', value: token.lower });
    });
  }
  return words;
}

function wordMatches(matcher: WordMatcher, token: Token): boolean {
  switch (matcher.kind) {
    case 'word':
      return token.bases.includes(matcher.value);
    case 'exact':
      return token.lower === matcher.value;
    case 'case':
      return token.raw === matcher.value;
    case 'prefix':
      return token.lower.startsWith(matcher.value);
  }
}

function keyOf(matcher: WordMatcher): string | null {
  switch (matcher.kind) {
    case 'word':
      return `w:${matcher.value}`;
    case 'exact':
      return `l:${matcher.value}`;
    case 'case':
      return `r:${matcher.value}`;
    case 'prefix':
      return null;
  }
}

function compileTopic(
  topic: TaxonomyTopic,
  index: number,
  taxonomy: Taxonomy,
  phrases: CompiledPhrase[],
): CompiledTopic {
  const slotNames: string[] = [];
  const slotWeights: number[] = [];
  const add = (role: Role, text: string, slot: number, rule = -1) => {
    phrases.push({ topic: index, role, slot, rule, words: compileWords(text) });
  };
  for (const [term, weight] of Object.entries(topic.terms)) {
    add('term', term, slotNames.length);
    // Evidence shows the phrase as a reader would say it: "=shelling" matched the word "shelling".
    slotNames.push(term.replace(/(^|\s)=/g, '$1'));
    slotWeights.push(weight);
  }
  const negativeWeights: number[] = [];
  for (const [term, weight] of Object.entries(topic.negative)) {
    add('negative', term, negativeWeights.length);
    negativeWeights.push(weight);
  }
  for (const term of topic.except) add('except', term, -1);
  for (const term of topic.unless) add('unless', term, -1);
  const nearRules = topic.near.map((rule, ruleIndex) => {
    const slot = slotNames.length;
    slotNames.push(rule.name ?? `${rule.terms[0]} ~ ${rule.near[0]}`);
    slotWeights.push(rule.weight);
    for (const term of rule.terms) add('near-term', term, slot, ruleIndex);
    for (const term of rule.near) add('near-context', term, slot, ruleIndex);
    return { slot, window: rule.window };
  });
  return {
    id: topic.id,
    threshold: topic.threshold ?? taxonomy.defaults.threshold,
    titleBoost: topic.titleBoost ?? taxonomy.defaults.titleBoost,
    slotNames,
    slotWeights,
    negativeWeights,
    nearRules,
  };
}

const compiledCache = new WeakMap<Taxonomy, CompiledTaxonomy>();

/** Compiles a taxonomy once; later calls with the same object reuse the result. */
export function compileTaxonomy(taxonomy: Taxonomy): CompiledTaxonomy {
  const cached = compiledCache.get(taxonomy);
  if (cached) return cached;
  const phrases: CompiledPhrase[] = [];
  const topics = taxonomy.topics.map((topic, index) => compileTopic(topic, index, taxonomy, phrases));
  const byKey = new Map<string, CompiledPhrase[]>();
  const byPrefix: CompiledPhrase[] = [];
  for (const phrase of phrases) {
    const key = keyOf(phrase.words[0]!);
    if (key === null) {
      byPrefix.push(phrase);
      continue;
    }
    const list = byKey.get(key);
    if (list) list.push(phrase);
    else byKey.set(key, [phrase]);
  }
  const compiled: CompiledTaxonomy = {
    topics,
    byKey,
    byPrefix,
    referenceWords: taxonomy.defaults.referenceWords,
    supportWeight: taxonomy.defaults.supportWeight,
  };
  compiledCache.set(taxonomy, compiled);
  return compiled;
}

interface PhraseMatch {
  phrase: CompiledPhrase;
  start: number;
  end: number;
}

function matchesAt(phrase: CompiledPhrase, tokens: Token[], start: number): boolean {
  const { words } = phrase;
  if (start + words.length > tokens.length) return false;
  const sentence = tokens[start]!.sentence;
  for (let offset = 0; offset < words.length; offset++) {
    const token = tokens[start + offset]!;
    const matcher = words[offset]!;
    // A phrase never runs across a sentence end, and a company's name is not evidence of what its
    // words say ("Occidental Petroleum Corp" is not oil), unless the term is written as that name.
    if (token.sentence !== sentence || (token.inName && matcher.kind !== 'case')) return false;
    if (!wordMatches(matcher, token)) return false;
  }
  return true;
}

function findPhrases(compiled: CompiledTaxonomy, tokens: Token[]): PhraseMatch[] {
  const found: PhraseMatch[] = [];
  const consider = (candidates: CompiledPhrase[] | undefined, start: number) => {
    if (!candidates) return;
    for (const phrase of candidates) {
      if (matchesAt(phrase, tokens, start)) found.push({ phrase, start, end: start + phrase.words.length });
    }
  };
  for (let start = 0; start < tokens.length; start++) {
    const token = tokens[start]!;
    for (const base of token.bases) consider(compiled.byKey.get(`w:${base}`), start);
    consider(compiled.byKey.get(`l:${token.lower}`), start);
    consider(compiled.byKey.get(`r:${token.raw}`), start);
    if (compiled.byPrefix.length > 0) consider(compiled.byPrefix, start);
  }
  return found;
}

/** Per-topic evidence in one part of the article (title or body). */
interface PartCounts {
  slots: number[][];
  negatives: number[][];
  /** Per topic: evidence weight found in each sentence. */
  sentenceWeights: Map<number, number>[];
}

function countPart(compiled: CompiledTaxonomy, tokens: Token[]): PartCounts {
  const { topics } = compiled;
  const slots = topics.map((topic) => new Array<number>(topic.slotNames.length).fill(0));
  const negatives = topics.map((topic) => new Array<number>(topic.negativeWeights.length).fill(0));
  const sentenceWeights = topics.map(() => new Map<number, number>());
  const matches = findPhrases(compiled, tokens);
  // A sentence holding one of a topic's `unless` phrases gives that topic no evidence.
  const vetoed = topics.map(() => new Set<number>());
  for (const { phrase, start } of matches) {
    if (phrase.role === 'unless') vetoed[phrase.topic]!.add(tokens[start]!.sentence);
  }
  const addEvidence = (topic: number, slot: number, position: number) => {
    const sentence = tokens[position]!.sentence;
    if (vetoed[topic]!.has(sentence)) return;
    slots[topic]![slot]!++;
    const weights = sentenceWeights[topic]!;
    weights.set(sentence, (weights.get(sentence) ?? 0) + topics[topic]!.slotWeights[slot]!);
  };
  // Longest phrase first at each position, so "arms embargo" is not also counted as "embargo".
  matches.sort((a, b) => a.start - b.start || b.end - a.end);

  const masked = topics.map(() => new Set<number>());
  for (const { phrase, start, end } of matches) {
    if (phrase.role !== 'except') continue;
    for (let position = start; position < end; position++) masked[phrase.topic]!.add(position);
  }
  const isMasked = (topic: number, start: number, end: number) => {
    const set = masked[topic]!;
    if (set.size === 0) return false;
    for (let position = start; position < end; position++) if (set.has(position)) return true;
    return false;
  };

  const coveredUntil = topics.map(() => 0);
  const nearTerms = topics.map((topic) => topic.nearRules.map(() => [] as number[]));
  const nearContexts = topics.map((topic) => topic.nearRules.map(() => [] as number[]));
  for (const { phrase, start, end } of matches) {
    const topic = phrase.topic;
    switch (phrase.role) {
      case 'negative':
        negatives[topic]![phrase.slot]!++;
        break;
      case 'term':
        if (start < coveredUntil[topic]! || isMasked(topic, start, end)) break;
        addEvidence(topic, phrase.slot, start);
        coveredUntil[topic] = end;
        break;
      case 'near-term':
        if (!isMasked(topic, start, end)) nearTerms[topic]![phrase.rule]!.push(start);
        break;
      case 'near-context':
        if (!isMasked(topic, start, end)) nearContexts[topic]![phrase.rule]!.push(start);
        break;
      case 'except':
      case 'unless':
        break;
    }
  }
  topics.forEach((topic, topicIndex) => {
    topic.nearRules.forEach((rule, ruleIndex) => {
      const contexts = nearContexts[topicIndex]![ruleIndex]!;
      if (contexts.length === 0) return;
      const anchors = new Set(nearTerms[topicIndex]![ruleIndex]!);
      for (const anchor of anchors) {
        const sentence = tokens[anchor]!.sentence;
        const near = contexts.some(
          (context) =>
            context !== anchor &&
            Math.abs(context - anchor) <= rule.window &&
            tokens[context]!.sentence === sentence,
        );
        if (near) addEvidence(topicIndex, rule.slot, anchor);
      }
    });
  });
  return { slots, negatives, sentenceWeights };
}

// Repeats add evidence with diminishing returns: one phrase said ten times is not ten topics' worth.
const repeated = (count: number) => (count > 0 ? 1 + Math.log(count) : 0);

/** Body sentences that count as the lead: wire and web copy state the story's subject first. */
const LEAD_SENTENCES = 2;

/** What the rules found for one topic in one article: the facts the topic model decides on. */
export interface TopicAssessment {
  id: string;
  /** Phrases that fired, strongest first. */
  evidence: TopicEvidence[];
  /** Evidence weight: sum(weight x (1 + ln count)) in the body, weight x titleBoost in the title, less negatives. */
  weight: number;
  /** Evidence weight in the title, and in the first LEAD_SENTENCES sentences of the body. */
  titleWeight: number;
  leadWeight: number;
  /** Weight of the topic's negative phrases. */
  negativeWeight: number;
  /** Sentences (the title counts as one) holding at least `supportWeight` of the topic's evidence. */
  support: number;
  /** Articles longer than `referenceWords` need proportionally (square-root) more evidence. */
  lengthFactor: number;
  /** Sentences in the body. */
  sentences: number;
}

/** Finds every topic's evidence in an article, in taxonomy order. */
export function assessTopics(taxonomy: Taxonomy, title: Token[], text: Token[]): TopicAssessment[] {
  const compiled = compileTaxonomy(taxonomy);
  const titleCounts = countPart(compiled, title);
  const textCounts = countPart(compiled, text);
  const lengthFactor = Math.max(1, Math.sqrt(text.length / compiled.referenceWords));
  const sentences = (text.at(-1)?.sentence ?? -1) + 1;
  const sum = (weights: Iterable<number>) => {
    let total = 0;
    for (const weight of weights) total += weight;
    return total;
  };

  return compiled.topics.map((topic, index) => {
    let weight = 0;
    const evidence: (TopicEvidence & { weight: number })[] = [];
    topic.slotNames.forEach((term, slot) => {
      const slotWeight = topic.slotWeights[slot]!;
      const inTitle = titleCounts.slots[index]![slot]!;
      const inText = textCounts.slots[index]![slot]!;
      if (inTitle > 0) {
        weight += slotWeight * topic.titleBoost;
        evidence.push({ term, count: inTitle, where: 'title', weight: slotWeight * topic.titleBoost });
      }
      if (inText > 0) {
        weight += slotWeight * repeated(inText);
        evidence.push({ term, count: inText, where: 'text', weight: slotWeight * repeated(inText) });
      }
    });
    let negativeWeight = 0;
    topic.negativeWeights.forEach((slotWeight, slot) => {
      negativeWeight +=
        slotWeight * repeated(titleCounts.negatives[index]![slot]! + textCounts.negatives[index]![slot]!);
    });
    const supporting = (weights: Map<number, number>) =>
      [...weights.values()].filter((sentenceWeight) => sentenceWeight >= compiled.supportWeight).length;
    const textWeights = textCounts.sentenceWeights[index]!;
    evidence.sort((a, b) => b.weight - a.weight);
    return {
      id: topic.id,
      evidence: evidence.map(({ term, count, where }) => ({ term, count, where })),
      weight: weight - negativeWeight,
      titleWeight: sum(titleCounts.sentenceWeights[index]!.values()),
      leadWeight: sum([...textWeights].filter(([sentence]) => sentence < LEAD_SENTENCES).map(([, w]) => w)),
      negativeWeight,
      support: Math.min(1, supporting(titleCounts.sentenceWeights[index]!)) + supporting(textWeights),
      lengthFactor,
      sentences,
    };
  });
}

/** Scores every topic; returns those assigned, best first, with the evidence behind each score. */
export function scoreTopics(taxonomy: Taxonomy, title: Token[], text: Token[]): TopicScore[] {
  const assessments = assessTopics(taxonomy, title, text);
  const probabilities = topicProbabilities(taxonomy.model, assessments);
  const compiled = compileTaxonomy(taxonomy);
  return assessments
    .map((assessment, index) => ({
      assessment,
      probability: probabilities[index]!,
      topic: compiled.topics[index]!,
    }))
    .filter(({ probability, topic }) => probability >= topic.threshold)
    .sort((a, b) => b.probability - a.probability)
    .map(({ assessment, probability }) => ({
      id: assessment.id,
      score: Math.round(probability * 1000) / 1000,
      evidence: assessment.evidence,
    }));
}
