#!/usr/bin/env bash
# The whole test suite (README: `npm test`). Installs missing system packages (or says how), builds the
# package (generated code, compiled dataset), then runs every mocha test once; the run ends with
# "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
[ -d node_modules ] || npm ci
npm run --silent build
npx tsc -p tsconfig.json --noEmit   # also checks the type-level tests in test/types.test.ts
exec npx mocha "$@"
