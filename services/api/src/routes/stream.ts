// The live stream: Server-Sent Events of articles as they are published (article.stored, and
// article.updated for a new version), read from the Redis Stream with the list's filters. Each event's
// id is its stream entry id, so a client that reconnects with Last-Event-ID (browsers do it by
// themselves) misses nothing the stream still holds (STORE_STREAM_MAX_LENGTH entries); when it asks
// for more than that, a `gap` event says so. Each open stream holds a Redis connection of its own
// (XREAD blocks), so their number is capped (API_STREAM_MAX_CLIENTS).
import type { ServerResponse } from 'node:http';
import { articleStreamKey, lastEntryId, missedSince, type Redis, readArticleEvents } from '@newsq/redis';
import { z } from 'zod';
import { ErrorBody, STREAM_ENTRY_ID_PATTERN, StreamQuery } from '../schemas';
import type { ApiDeps, App } from '../server';
import { articleFilters } from './articles';

/** A comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** Entries read per round trip. */
const BATCH = 100;

async function write(raw: ServerResponse, chunk: string): Promise<void> {
  // A slow reader: wait for its socket to drain instead of buffering without bound.
  if (!raw.write(chunk)) await new Promise<void>((resolve) => raw.once('drain', resolve));
}

export async function streamRoutes(app: App, deps: ApiDeps): Promise<void> {
  const key = articleStreamKey(deps.prefix);
  const open = new Set<{ raw: ServerResponse; connection: Redis }>();
  // A stream never ends by itself: shutdown ends them, or the server would wait for them.
  app.addHook('preClose', async () => {
    for (const stream of open) {
      stream.connection.disconnect();
      stream.raw.end();
    }
  });

  app.get(
    '/api/v1/stream',
    {
      preHandler: deps.auth.require('read'),
      schema: {
        tags: ['articles'],
        summary: 'Server-Sent Events of articles as they are stored, with the filters of the list',
        description:
          'Each message: `id` (resume with Last-Event-ID), `event` (article.stored or article.updated), `data` (the ArticleEvent as JSON). A `gap` event means the stream no longer holds some events after Last-Event-ID (read them with GET /api/v1/articles?time=stored&since=).',
        querystring: StreamQuery,
        headers: z.object({
          'last-event-id': z
            .string()
            .regex(STREAM_ENTRY_ID_PATTERN, 'must be an event id of this stream')
            .optional(),
        }),
        response: {
          200: {
            description: 'An endless text/event-stream',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          400: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      if (open.size >= deps.streamMaxClients) {
        return reply
          .code(503)
          .send({ error: 'too_many_streams', message: 'api: too many live streams open; retry later' });
      }
      const { last_event_id: lastEventIdParam, ...query } = request.query;
      const resumeFrom = request.headers['last-event-id'] ?? lastEventIdParam ?? null;
      const filters = articleFilters(query);
      const filtered = Object.keys(filters).some((name) => name !== 'time');
      // Where to start is fixed before answering: an article stored from now on is in the stream after it.
      let cursor = resumeFrom ?? (await lastEntryId(deps.redis, key));
      const gap = resumeFrom !== null && (await missedSince(deps.redis, key, resumeFrom));
      const connection = deps.redis.duplicate();
      connection.on('error', () => {});
      const stream = { raw: reply.raw, connection };
      open.add(stream);
      let closed = false;
      // The response closes when the client goes away (the request's own close comes with its end).
      reply.raw.on('close', () => {
        closed = true;
        open.delete(stream);
        connection.disconnect();
      });
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      await write(reply.raw, 'retry: 2000\n\n');
      if (gap) await write(reply.raw, `event: gap\ndata: ${JSON.stringify({ lastEventId: resumeFrom })}\n\n`);
      try {
        while (!closed) {
          const { events, lastId } = await readArticleEvents(connection, key, cursor, {
            blockMs: HEARTBEAT_MS,
            count: BATCH,
          });
          if (lastId === cursor) {
            await write(reply.raw, ': keep-alive\n\n');
            continue;
          }
          const wanted = filtered
            ? await deps.store.articles.matching(
                events.map(({ event }) => event.id),
                filters,
              )
            : null;
          let chunk = '';
          let lastSent: string | null = null;
          for (const { entryId, event } of events) {
            if (wanted !== null && !wanted.has(event.id)) continue;
            chunk += `id: ${entryId}\nevent: ${event.event}\ndata: ${JSON.stringify(event)}\n\n`;
            lastSent = entryId;
          }
          // An id alone moves the client's Last-Event-ID past entries the filters left out.
          if (lastSent !== lastId) chunk += `id: ${lastId}\n\n`;
          await write(reply.raw, chunk);
          cursor = lastId;
        }
      } catch (error) {
        if (!closed) request.log.warn({ err: error }, 'api: live stream ended by an error');
      } finally {
        open.delete(stream);
        connection.disconnect();
        reply.raw.end();
      }
    },
  );
}
