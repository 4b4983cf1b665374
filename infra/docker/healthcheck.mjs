// Container health: the service answers /healthz on its worker metrics port (workers) or its API port
// (api). Whichever of the two answers 200 within the deadline makes the container healthy.
const ports = [process.env.METRICS_PORT, process.env.API_PORT ?? '8080'].filter(Boolean);
const answers = await Promise.all(
  ports.map((port) =>
    fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(3000) }).then(
      (response) => response.ok,
      () => false,
    ),
  ),
);
process.exit(answers.some(Boolean) ? 0 : 1);
