// Public surface of @newsq/fixture-site: a local news website on loopback for the demo and end-to-end tests.
export { FIXTURE_ARTICLES } from './content/articles';
export type { FixtureArticle, FixtureTopic } from './fixture-article';
export { type FixtureSite, type FixtureSiteOptions, startFixtureSite } from './server';
