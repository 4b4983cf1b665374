// Owns the entry point of `newsq run`'s second thread when run from source. A thread gets no TypeScript
// loader from tsx, so tsx is registered here when the TypeScript module cannot be imported as is (the
// compiled build bundles stage-thread.ts under this same name, beside main.js). The retry uses a new
// specifier because Node caches a failed import.
try {
  await import('./stage-thread.ts');
} catch (error) {
  if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  const { register } = await import('tsx/esm/api');
  register();
  await import('./stage-thread.ts?with-tsx');
}
