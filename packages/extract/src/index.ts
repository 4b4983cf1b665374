// Public surface of @newsq/extract: article extraction from HTML, the compact transport form of a page,
// its worker-thread pool and the `newsq extract` batch command.
export { compactPageHtml } from './compact-page-html';
export { ExtractError } from './errors';
export {
  DEFAULT_TIME_BUDGET_MS,
  type ExtractFallback,
  type ExtractOptions,
  type ExtractResult,
  extractArticle,
} from './extract-article';
export { createExtractPool, type ExtractPool, type ExtractPoolOptions } from './extract-pool';
export { runExtractBatch } from './run-extract-batch';
