// The login form: an API key typed once opens a browser session (HttpOnly, Secure, SameSite=Strict
// cookie) for the dashboard and bull-board, with the key's scope; logout ends it. Form bodies are
// parsed only here, so no other route accepts what a cross-site HTML form can send.
import formBody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CSRF_COOKIE, isCrossSite, SESSION_COOKIE } from '../auth';
import { escapeHtml, PAGE_SECURITY_HEADERS, page } from '../dashboard/html';
import type { ApiDeps } from '../server';

/** Sessions last this long without use (renewed by each request). */
export const SESSION_IDLE_SECONDS = 8 * 3600;

/** Only a path of this site: never `//host` or a scheme, which would make the form an open redirect. */
function localPath(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/dashboard';
}

function loginPage(next: string, error: string | null): string {
  return page(
    'newsq: sign in',
    `<main class="login">
  <h1>newsq</h1>
  <form method="post" action="/login">
    <label for="key">API key</label>
    <input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
    <input type="hidden" name="next" value="${escapeHtml(next)}">
    ${error === null ? '' : `<p class="error" role="alert">${escapeHtml(error)}</p>`}
    <button type="submit">Sign in</button>
  </form>
  <p class="hint">Keys come from <code>newsq keys create NAME --scope read|admin</code>; a read key sees everything, only an admin key changes anything.</p>
</main>`,
  );
}

const cookieOptions = { path: '/', secure: true, sameSite: 'strict', maxAge: SESSION_IDLE_SECONDS } as const;

function clearSession(reply: FastifyReply): FastifyReply {
  return reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
}

export async function loginRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(formBody, { bodyLimit: 4096 });
    scope.get<{ Querystring: { next?: string } }>('/login', async (request, reply) =>
      reply
        .headers(PAGE_SECURITY_HEADERS)
        .type('text/html; charset=utf-8')
        .send(loginPage(localPath(request.query.next), null)),
    );
    scope.post<{ Body: { key?: unknown; next?: unknown } }>('/login', async (request, reply) => {
      const next = localPath(request.body?.next);
      // Another site must not log a visitor in under a key of its choosing.
      if (isCrossSite(request))
        return reply.code(403).send({ error: 'cross_site', message: 'a login from another site is refused' });
      const key = typeof request.body?.key === 'string' ? request.body.key.trim() : '';
      const verified = key === '' ? null : await deps.auth.verifyKey(key);
      if (verified === null) {
        request.log.warn({ remote: request.ip }, 'api: login refused');
        return reply
          .code(401)
          .headers(PAGE_SECURITY_HEADERS)
          .type('text/html; charset=utf-8')
          .send(loginPage(next, 'That key is not valid (or was revoked).'));
      }
      const { id, session } = await deps.sessions.create(verified);
      request.log.info({ key_name: verified.name, scope: verified.scope }, 'api: session opened');
      return reply
        .setCookie(SESSION_COOKIE, id, { ...cookieOptions, httpOnly: true })
        .setCookie(CSRF_COOKIE, session.csrf, { ...cookieOptions, httpOnly: false })
        .redirect(next, 303);
    });
    scope.post('/logout', { preHandler: deps.auth.require('read') }, async (request, reply) => {
      const id = request.cookies[SESSION_COOKIE];
      if (id !== undefined) await deps.sessions.destroy(id);
      return clearSession(reply).redirect('/login', 303);
    });
  });
}
