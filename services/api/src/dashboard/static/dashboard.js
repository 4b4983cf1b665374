// The pipeline overview in the browser: reads /dashboard/data, draws the charts with uPlot and the
// tables as plain DOM (text only, never HTML from data), and refreshes every 15 seconds. Actions send
// the session's CSRF token; the server decides who may do what, the page only hides what a read key
// cannot do.
(() => {
  const REFRESH_MS = 15_000;
  const COLORS = ['#2b6cb0', '#c05621', '#2f855a', '#b83280', '#6b46c1', '#975a16', '#2c7a7b', '#c53030'];
  const main = document.getElementById('overview');
  const isAdmin = main.dataset.scope === 'admin';
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const charts = new Map();

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes ?? {})) {
      if (name === 'onclick') node.addEventListener('click', value);
      else if (value !== null && value !== undefined && value !== false)
        node.setAttribute(name, String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  /** A table with a header row of these names over the given body rows. */
  function table(headers, rows) {
    return el(
      'table',
      {},
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          headers.map((name) => el('th', {}, name)),
        ),
      ),
      el('tbody', {}, rows),
    );
  }

  const time = (iso) => (iso ? new Date(iso).toLocaleString() : '-');
  const sum = (values) => values.reduce((total, value) => total + value, 0);

  async function act(url, body, button) {
    button.disabled = true;
    try {
      const response = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(body ?? {}),
      });
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        throw new Error(problem.message ?? `HTTP ${response.status}`);
      }
      await refresh();
    } catch (error) {
      button.disabled = false;
      button.title = error.message;
      button.classList.add('failed');
    }
  }

  /** Draws or updates a uPlot chart; data-points on the container counts the values drawn. */
  function chart(container, key, series, data, options = {}) {
    const points = sum(data.slice(1).map((values) => values.filter((value) => value !== null).length));
    container.dataset.points = String(points);
    const existing = charts.get(key);
    if (existing && existing.series.length === series.length + 1) {
      existing.setData(data);
      return;
    }
    existing?.destroy();
    const width = Math.max(280, container.clientWidth || 280);
    const plot = new uPlot(
      {
        width,
        height: options.height ?? 180,
        scales: { x: { time: true }, ...(options.scales ?? {}) },
        axes: options.axes ?? [{ space: 90 }, {}],
        // Points too: a run shorter than a minute leaves one value per series, which a line alone hides.
        series: [{}, ...series.map((line) => ({ points: { show: true, size: 4 }, ...line }))],
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
      },
      data,
      container,
    );
    charts.set(key, plot);
  }

  function drawStages(overview) {
    const root = document.getElementById('stages');
    const x = overview.history.minutes.map((t) => t / 1000);
    for (const queue of overview.queues) {
      const series = overview.history.stages.find((stage) => stage.queue === queue);
      const minutes =
        series?.minutes ?? x.map(() => ({ completed: 0, retry: 0, failed: 0, p50Ms: null, p95Ms: null }));
      let card = document.getElementById(`stage-${queue}`);
      if (!card) {
        card = el(
          'article',
          { id: `stage-${queue}`, class: 'card' },
          el('h3', {}, queue),
          el('p', { class: 'totals' }),
          el('div', { class: 'chart', 'data-stage': queue }),
        );
        root.append(card);
      }
      const completed = sum(minutes.map((minute) => minute.completed));
      const failed = sum(minutes.map((minute) => minute.failed));
      const retried = sum(minutes.map((minute) => minute.retry));
      const codes = (series?.codes ?? []).slice(0, 3).map((code) => `${code.code} ×${code.count}`);
      card.querySelector('.totals').textContent =
        `${completed} done, ${retried} retried, ${failed} failed${codes.length ? ` (${codes.join(', ')})` : ''}`;
      chart(
        card.querySelector('.chart'),
        `stage-${queue}`,
        [
          { label: 'done/min', stroke: COLORS[0], scale: 'jobs' },
          { label: 'retried/min', stroke: COLORS[1], scale: 'jobs' },
          { label: 'failed/min', stroke: COLORS[7], scale: 'jobs' },
          { label: 'p50 ms', stroke: COLORS[2], scale: 'ms', dash: [4, 4], spanGaps: true },
          { label: 'p95 ms', stroke: COLORS[4], scale: 'ms', dash: [4, 4], spanGaps: true },
        ],
        [
          x,
          minutes.map((minute) => minute.completed),
          minutes.map((minute) => minute.retry),
          minutes.map((minute) => minute.failed),
          minutes.map((minute) => minute.p50Ms),
          minutes.map((minute) => minute.p95Ms),
        ],
        { axes: [{ space: 90 }, { scale: 'jobs' }, { scale: 'ms', side: 1, grid: { show: false } }] },
      );
    }
  }

  function drawDepth(overview) {
    const x = overview.history.minutes.map((t) => t / 1000);
    const depths = overview.queues.map(
      (queue) => overview.history.depths.find((depth) => depth.queue === queue)?.values ?? x.map(() => null),
    );
    chart(
      document.getElementById('depth'),
      'depth',
      overview.queues.map((queue, index) => ({
        label: queue,
        stroke: COLORS[index % COLORS.length],
        spanGaps: true,
      })),
      [x, ...depths],
    );
  }

  function drawFailures(overview) {
    const rows = overview.failures.map((stage) =>
      el(
        'tr',
        { class: stage.failed > 0 ? 'failing' : null },
        el('td', {}, stage.queue),
        el('td', { class: 'number' }, stage.failed),
        el(
          'td',
          {},
          stage.codes.slice(0, 3).map((code) => el('span', { class: 'code' }, `${code.code} ×${code.count}`)),
        ),
        el(
          'td',
          {},
          el('a', { href: `/admin/queues/queue/${stage.queue}?status=failed` }, 'bull-board'),
          isAdmin && stage.failed > 0
            ? el(
                'button',
                {
                  type: 'button',
                  onclick: (event) => act('/dashboard/replay', { queue: stage.queue }, event.currentTarget),
                },
                'Replay all',
              )
            : null,
        ),
        el(
          'td',
          {},
          el(
            'ul',
            { class: 'jobs' },
            stage.jobs.map((job) =>
              el(
                'li',
                { 'data-job': job.id },
                el(
                  'a',
                  { href: `/admin/queues/queue/${stage.queue}/${encodeURIComponent(job.id)}` },
                  job.id.slice(0, 28),
                ),
                el('span', { class: 'code', title: job.reason }, job.code),
                el('span', { class: 'when' }, time(job.finishedOn)),
                isAdmin
                  ? el(
                      'button',
                      {
                        type: 'button',
                        class: 'retry',
                        onclick: (event) =>
                          act(
                            '/dashboard/replay',
                            { queue: stage.queue, jobId: job.id },
                            event.currentTarget,
                          ),
                      },
                      'Retry',
                    )
                  : null,
              ),
            ),
          ),
        ),
      ),
    );
    document
      .getElementById('failures')
      .replaceChildren(table(['Stage', 'Failed', 'Top codes', 'Open', 'Latest'], rows));
  }

  function drawFeeds(overview) {
    const rows = overview.feeds.map((feed) =>
      el(
        'tr',
        { class: `health-${feed.health}`, 'data-feed': feed.id },
        el('td', {}, el('div', {}, feed.title ?? ''), el('div', { class: 'url' }, feed.url)),
        el('td', {}, feed.status),
        el('td', {}, el('span', { class: `badge ${feed.health}` }, feed.health)),
        el('td', { class: 'number' }, feed.lastStatus ?? '-'),
        el('td', { class: 'error' }, feed.lastError ?? ''),
        el('td', { class: 'number' }, feed.consecutiveFailures),
        el('td', {}, time(feed.lastPolledAt)),
        el(
          'td',
          {},
          isAdmin
            ? el(
                'button',
                {
                  type: 'button',
                  class: feed.status === 'paused' ? 'resume' : 'pause',
                  onclick: (event) =>
                    act(
                      `/api/v1/feeds/${feed.id}/${feed.status === 'paused' ? 'resume' : 'pause'}`,
                      {},
                      event.currentTarget,
                    ),
                },
                feed.status === 'paused' ? 'Resume' : 'Pause',
              )
            : null,
        ),
      ),
    );
    document
      .getElementById('feeds')
      .replaceChildren(
        table(['Feed', 'Status', 'Health', 'Last HTTP', 'Last error', 'Failures', 'Last poll', ''], rows),
      );
  }

  function drawDedupe(overview) {
    const { originals, duplicates } = overview.activity;
    const ratio = originals + duplicates === 0 ? 0 : duplicates / (originals + duplicates);
    document
      .getElementById('dedupe')
      .replaceChildren(
        el('p', { class: 'big', id: 'dedupe-ratio' }, `${(ratio * 100).toFixed(1)}% duplicates`),
        el('p', {}, `${originals} originals, ${duplicates} duplicates stored in 24 hours`),
        el(
          'p',
          { class: 'hint' },
          `All time: ${overview.articles.originals} originals, ${overview.articles.duplicates} duplicates`,
        ),
      );
  }

  function drawVolume(overview) {
    const most = Math.max(1, ...overview.activity.perFeed.map((feed) => feed.articles));
    document.getElementById('volume').replaceChildren(
      el(
        'table',
        {},
        el(
          'tbody',
          {},
          overview.activity.perFeed.map((feed) =>
            el(
              'tr',
              {},
              el('td', { class: 'url' }, feed.title ?? feed.url ?? feed.feedId),
              el('td', { class: 'number' }, feed.articles),
              el('td', { class: 'bar' }, el('meter', { min: 0, max: most, value: feed.articles })),
            ),
          ),
        ),
      ),
    );
  }

  function drawTopics(overview) {
    const hour = 3_600_000;
    const last = Math.floor(Date.parse(overview.generatedAt) / hour) * hour;
    const hours = Array.from({ length: 24 }, (_, index) => last - (23 - index) * hour);
    const byHour = new Map(overview.activity.topicsByHour.map((row) => [Date.parse(row.hour), row.topics]));
    const totals = new Map();
    for (const row of overview.activity.topicsByHour)
      for (const [topic, count] of Object.entries(row.topics))
        totals.set(topic, (totals.get(topic) ?? 0) + count);
    const topics = [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, COLORS.length)
      .map(([topic]) => topic);
    chart(
      document.getElementById('topics'),
      `topics-${topics.join(',')}`,
      topics.map((topic, index) => ({ label: topic, stroke: COLORS[index], width: 2 })),
      [hours.map((t) => t / 1000), ...topics.map((topic) => hours.map((t) => byHour.get(t)?.[topic] ?? 0))],
    );
  }

  async function refresh() {
    const response = await fetch('/dashboard/data', {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    if (response.status === 401) {
      window.location.assign(`/login?next=${encodeURIComponent('/dashboard')}`);
      return;
    }
    const overview = await response.json();
    drawStages(overview);
    drawDepth(overview);
    drawFailures(overview);
    drawFeeds(overview);
    drawDedupe(overview);
    drawVolume(overview);
    drawTopics(overview);
    const updated = document.getElementById('updated');
    updated.textContent = `Updated ${time(overview.generatedAt)}`;
    main.dataset.loaded = 'true';
  }

  refresh();
  setInterval(() => void refresh().catch(() => {}), REFRESH_MS);
})();
