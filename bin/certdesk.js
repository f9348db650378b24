#!/usr/bin/env node
// The command line runs the compiled code: `npm ci` builds it (the `prepare` script).
let cli;
try {
  cli = await import('../dist/src/cli/main.js');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
  process.stderr.write('certdesk: not built yet: run `npm ci` (or `npm run build`) in the certdesk folder\n');
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
