// Public surface of @newsq/fixture-site: a local news website on loopback for the demo and end-to-end tests.
export { FIXTURE_ARTICLES } from './content/articles';
export type { FixtureArticle, FixtureTopic } from './fixture-article';
export { type FeedDocument, type FeedDocumentItem, renderAtom, renderRss } from './generated/feed-documents';
export {
  type GeneratedSite,
  type GeneratedSiteServerOptions,
  type PageAppearance,
  startGeneratedSite,
} from './generated/generated-site';
export { type MultiHostServer, type Responder, startMultiHostServer } from './generated/multi-host-server';
export {
  type GeneratedSiteOptions,
  type PlannedFeed,
  type PlannedHost,
  type PlannedPage,
  type PublishingOptions,
  planSite,
  type SitePlan,
} from './generated/site-plan';
export { type Story, writeStory } from './generated/write-story';
export { type Resource, resource } from './http-resource';
export { type FixtureSite, type FixtureSiteOptions, startFixtureSite } from './server';
