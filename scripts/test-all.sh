#!/usr/bin/env bash
# `npm test`: every project's lint, typecheck and tests, two at a time; then the chaos run and the
# platform benchmark alone, one after the other, since each holds a private PostgreSQL and eleven
# service processes and, on two cores, starves the suite beside it. At the end, the tests that failed, named (CI keeps only the log's tail); a
# failed lint or type check is named in Nx's own summary of failed tasks.
set -uo pipefail
cd "$(dirname "$0")/.."
rm -rf tmp/test-failures

status=0
npx nx run-many -t lint typecheck test --exclude=chaos,bench --outputStyle=static || status=$?
if [ "$status" -eq 0 ]; then
  npx nx run-many -t lint typecheck test --projects=chaos,bench --parallel=1 --outputStyle=static || status=$?
else
  echo "The chaos run and the platform benchmark did not run: the tests before them failed."
fi

if [ -d tmp/test-failures ]; then
  echo
  echo "Tests that failed:"
  for report in tmp/test-failures/*.txt; do
    echo "== ${report#tmp/test-failures/}"
    cat "$report"
  done
fi
exit "$status"
