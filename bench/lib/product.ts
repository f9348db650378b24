// The product's code the benchmark calls in-process (loaded when a section needs it).
export async function jobsWork() {
  const [{ sweepOnce }, { reschedulePolicy }, { openDatabase }, { loadConfig }] = await Promise.all([
    import('../../jobs/work.js'),
    import('../../src/services/sweep.js'),
    import('../../src/db/client.js'),
    import('../../src/config.js'),
  ]);
  return { sweepOnce, reschedulePolicy, openDatabase, loadConfig };
}
