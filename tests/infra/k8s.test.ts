// The Kubernetes manifests in infra/k8s cannot be applied here (no cluster), so every object is
// validated against the Kubernetes OpenAPI schemas (kubernetes-models) and checked against the
// repository: a Deployment per stage and the api, from an entry point that exists, with probes, and
// a PodDisruptionBudget that selects each of them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const MODELS = {
  'apps/v1/Deployment': Deployment,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
} as const;

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are checked field by field below
  spec?: any;
}

const dir = 'infra/k8s';
const objects: K8sObject[] = readdirSync(dir)
  .filter((name) => name.endsWith('.yaml'))
  .flatMap((name) =>
    parseAllDocuments(readFileSync(join(dir, name), 'utf8')).map((document) => {
      expect(document.errors, name).toEqual([]);
      return document.toJS() as K8sObject;
    }),
  );
const SERVICES = ['feed-poll', 'article-fetch', 'extract', 'dedupe', 'tag', 'store', 'webhook', 'api'];

const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe('infra/k8s manifests', () => {
  it('are valid Kubernetes objects', () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}` as keyof typeof MODELS];
      expect(Model, `${object.apiVersion} ${object.kind}`).toBeDefined();
      expect(
        () => new Model(object as never).validate(),
        `${object.kind} ${object.metadata.name}`,
      ).not.toThrow();
    }
    // The validator does reject a broken object.
    expect(() =>
      new Deployment({ metadata: { name: 'x' }, spec: { replicas: 'two' } } as never).validate(),
    ).toThrow();
  });

  it('runs every stage and the api from an entry point that exists, with probes and a disruption budget', () => {
    const deployments = objects.filter((object) => object.kind === 'Deployment');
    const budgets = objects.filter((object) => object.kind === 'PodDisruptionBudget');
    expect(deployments.map((object) => object.metadata.name).sort()).toEqual([...SERVICES].sort());
    for (const deployment of deployments) {
      const name = deployment.metadata.name;
      const template = deployment.spec.template;
      expect(matches(deployment.spec.selector.matchLabels, template.metadata.labels), name).toBe(true);
      const [container] = template.spec.containers;
      expect(container.args, name).toEqual([`services/${name}/dist/main.js`]);
      expect(existsSync(`services/${name}/src/main.ts`), name).toBe(true);
      expect(container.livenessProbe?.httpGet?.path, name).toBe('/healthz');
      expect(container.startupProbe, name).toBeDefined();
      expect(template.spec.securityContext.runAsNonRoot, name).toBe(true);
      expect(
        budgets.filter((budget) => matches(budget.spec.selector.matchLabels, template.metadata.labels)),
        name,
      ).toHaveLength(1);
    }
    const api = deployments.find((object) => object.metadata.name === 'api')!;
    expect(api.spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe('/readyz');
    const config = objects.find((object) => object.kind === 'ConfigMap') as unknown as {
      data: Record<string, string>;
    };
    expect(config.data.METRICS_PORT).toBe('9464');
  });
});
