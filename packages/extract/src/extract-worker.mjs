// Owns the pool thread's entry point. A thread gets no TypeScript loader from tsx or vitest, so
// tsx is registered here when the TypeScript task cannot be imported as is. The JavaScript
// dependencies are loaded first, by Node itself: through tsx's hooks they take several times longer.
// The retry uses a new specifier because Node caches a failed import.
let task;
try {
  task = await import('./extract-task.ts');
} catch (error) {
  if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  await Promise.all([
    import('linkedom'),
    import('htmlparser2'),
    import('@mozilla/readability'),
    import('sanitize-html'),
  ]);
  const { register } = await import('tsx/esm/api');
  register();
  task = await import('./extract-task.ts?with-tsx');
}

export default task.runExtractTask;
