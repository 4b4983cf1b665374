// Wires the tag stage to the taxonomy file (TAG_TAXONOMY_PATH or the shipped default).
import type { Runtime } from '@newsq/runtime';
import { loadTaxonomy, tagArticle } from '@newsq/tagging';
import { createTagStage } from './tag.stage';

export function buildTagStage(runtime: Runtime) {
  const taxonomy = loadTaxonomy(runtime.config.TAG_TAXONOMY_PATH);
  return createTagStage({ tag: (article) => tagArticle(article, taxonomy) });
}
