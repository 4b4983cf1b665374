// bull-board at /admin/queues for job-level work: anyone with a key may look, only admin may act
// (retry, clean, pause, promote, remove: every request that is not a read).
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { ALL_QUEUES } from '@newsq/core';
import type { ApiDeps, App } from '../server';

export async function queueBoardRoutes(app: App, deps: ApiDeps): Promise<void> {
  const read = deps.auth.require('read');
  const admin = deps.auth.require('admin');
  await app.register(async (board) => {
    board.addHook('preHandler', (request, reply) =>
      ['GET', 'HEAD'].includes(request.method) ? read(request, reply) : admin(request, reply),
    );
    const adapter = new FastifyAdapter();
    adapter.setBasePath('/admin/queues');
    createBullBoard({
      queues: ALL_QUEUES.map((name) => new BullMQAdapter(deps.admin.queue(name))),
      serverAdapter: adapter,
    });
    await board.register(adapter.registerPlugin(), { prefix: '/admin/queues' });
  });
}
