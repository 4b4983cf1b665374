// Owns the shape of one article on the fixture news site and the topic ids it may be labelled with.

/** Topic ids of the newsq taxonomy that fixture articles are labelled with (`[]` means no topic). */
export type FixtureTopic =
  | 'sanctions'
  | 'arms-trade'
  | 'military-cooperation'
  | 'nuclear-weapons'
  | 'humanitarian-aid'
  | 'diplomacy'
  | 'armed-conflict'
  | 'elections'
  | 'energy'
  | 'trade'
  | 'cyber';

export interface FixtureArticle {
  slug: string;
  /** Site-relative page path, e.g. `/world/2024/09/20/putin-kim-allies`. */
  path: string;
  title: string;
  author: string;
  /** ISO 8601 timestamp. */
  publishedAt: string;
  section: string;
  paragraphs: string[];
  /** Topics a correct tagger assigns to this article; empty when it is about none of them. */
  expectedTopics: FixtureTopic[];
  /** Slug of the original story when this page is a syndicated copy of it. */
  syndicationOf: string | null;
  /** True for the real-world seed article the demo must carry. */
  seed: boolean;
}
