// Public surface of @newsq/discovery: what a source URL serves, and which feeds and sitemaps a site offers.
export { type DiscoveredSource, discoverSources, linkedSources } from './discover-sources';
export { type DiscoveryFetch, type ProbedSource, probeSource, type SourceKind } from './probe-source';
