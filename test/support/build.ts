// Once per run: build the command line, which the tests start as a child process.
import { execFileSync } from 'node:child_process';

export default function setup() {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
