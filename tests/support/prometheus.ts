// Reads a /metrics body the way a Prometheus server would, with a text-format parser (not substring
// matches), so a test sees families, types and samples.
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';

export type Scrape = Map<string, PrometheusFamily>;

export async function scrape(url: string, headers: Record<string, string> = {}): Promise<Scrape> {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return new Map(parsePrometheusTextFormat(await response.text()).map((family) => [family.name, family]));
}

/** Sum of a counter's or gauge's samples whose labels include `labels` (0 when there are none). */
export function sampleSum(scraped: Scrape, name: string, labels: Record<string, string> = {}): number {
  return (scraped.get(name)?.metrics ?? [])
    .filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels?.[key] === value))
    .reduce((sum, sample) => sum + Number(sample.value ?? 0), 0);
}
