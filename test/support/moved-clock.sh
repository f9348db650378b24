#!/usr/bin/env bash
# The integration tests again with the test processes' clock moved ahead (Debian's libfaketime:
# CERTDESK_CLOCK_SHIFT, default +400d). A test that mixes the real date with the dates of the clock
# it fixes fails here long before the calendar catches up with it. PostgreSQL and Redis keep the
# real clock, as they would on a machine whose clock is wrong.
# CERTDESK_REQUIRE_MOVED_CLOCK=1 (CI) makes a missing faketime an error instead of a skip.
set -euo pipefail
shift_by=${CERTDESK_CLOCK_SHIFT:-+400d}
if ! command -v faketime >/dev/null 2>&1; then
  if [ "${CERTDESK_REQUIRE_MOVED_CLOCK:-}" = 1 ]; then
    echo "test:moved-clock: faketime is not installed (Debian: apt-get install faketime)" >&2
    exit 1
  fi
  echo "test:moved-clock: skipped, faketime is not installed (Debian: apt-get install faketime)"
  exit 0
fi
echo "test:moved-clock: the test processes' clock moved ${shift_by}: $(faketime -f "$shift_by" date -u +%Y-%m-%dT%H:%MZ)"
TZ=America/Los_Angeles exec faketime -f "$shift_by" npx vitest run --project integration "$@"
