// The pipeline overview at /dashboard: a page (read scope) whose script draws the overview's data
// from /dashboard/data and refreshes it, the page's static files, and the one action of its own,
// replaying dead letters (admin). Pausing feeds goes through the feed API; job-level work stays in
// bull-board at /admin/queues.
import { ALL_QUEUES, type QueueName } from '@newsq/core';
import type { FastifyInstance } from 'fastify';
import { DASHBOARD_ASSETS } from '../dashboard/assets';
import { escapeHtml, PAGE_SECURITY_HEADERS, page } from '../dashboard/html';
import { readOverview } from '../dashboard/overview';
import type { ApiDeps } from '../server';

function dashboardPage(who: { name: string; scope: string }, csrf: string): string {
  return page(
    'newsq: pipeline',
    `<header>
  <h1>newsq pipeline</h1>
  <span class="who">${escapeHtml(who.name)} (${escapeHtml(who.scope)})</span>
  <a href="/admin/queues">bull-board</a>
  <form method="post" action="/logout"><input type="hidden" name="_csrf" value="${escapeHtml(csrf)}"><button type="submit">Sign out</button></form>
</header>
<main id="overview" data-scope="${escapeHtml(who.scope)}">
  <section><h2>Stages, last hour</h2><p class="hint">Jobs per minute (completed, retried, failed) and p50/p95 time per job.</p><div id="stages" class="grid"></div></section>
  <section><h2>Queue depth</h2><div id="depth" class="chart wide"></div></section>
  <section><h2>Failed jobs (dead letters)</h2><div id="failures"></div></section>
  <section><h2>Feeds</h2><div id="feeds"></div></section>
  <section class="pair">
    <div><h2>Dedupe, last 24 hours</h2><div id="dedupe"></div></div>
    <div><h2>Articles per feed, last 24 hours</h2><div id="volume"></div></div>
  </section>
  <section><h2>Topics per hour, last 24 hours</h2><div id="topics" class="chart wide"></div></section>
  <p id="updated" class="hint"></p>
</main>`,
    `<meta name="csrf-token" content="${escapeHtml(csrf)}">
<link rel="stylesheet" href="/dashboard/assets/uPlot.min.css">
<script src="/dashboard/assets/uPlot.iife.min.js" defer></script>
<script src="/dashboard/assets/dashboard.js" defer></script>`,
  );
}

export async function dashboardRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const read = { preHandler: deps.auth.require('read') };
  const admin = { preHandler: deps.auth.require('admin') };

  app.get('/dashboard', read, async (request, reply) => {
    const principal = request.principal!;
    return reply
      .headers({ ...PAGE_SECURITY_HEADERS, 'cache-control': 'no-store' })
      .type('text/html; charset=utf-8')
      .send(dashboardPage(principal, principal.session?.csrf ?? ''));
  });

  app.get('/dashboard/data', read, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send(await readOverview(deps)),
  );

  // Static files carry no data: open to all, like the login page that uses the stylesheet.
  app.get<{ Params: { file: string } }>('/dashboard/assets/:file', async (request, reply) => {
    const asset = DASHBOARD_ASSETS.get(request.params.file);
    if (asset === undefined) return reply.code(404).send({ error: 'not_found', message: 'no such file' });
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply
      .headers({ etag: asset.etag, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' })
      .type(asset.type)
      .send(asset.body);
  });

  app.post<{ Body: { queue?: unknown; jobId?: unknown } }>(
    '/dashboard/replay',
    admin,
    async (request, reply) => {
      const { queue, jobId } = request.body ?? {};
      if (typeof queue !== 'string' || !(ALL_QUEUES as readonly string[]).includes(queue))
        return reply
          .code(400)
          .send({ error: 'bad_request', message: `queue must be one of ${ALL_QUEUES.join(', ')}` });
      if (jobId !== undefined && typeof jobId !== 'string')
        return reply.code(400).send({ error: 'bad_request', message: 'jobId must be a string' });
      try {
        const replayed = await deps.admin.replay(queue as QueueName, jobId);
        request.log.info(
          { queue, job_id: jobId ?? null, replayed, by: request.principal!.name },
          'api: dead letters replayed',
        );
        return { replayed };
      } catch (error) {
        // QueueAdmin says `queue: ...` when the job is unknown or not failed; anything else is an outage.
        if (!(error as Error).message.startsWith('queue: ')) throw error;
        return reply.code(404).send({ error: 'not_found', message: (error as Error).message });
      }
    },
  );
}
