#!/usr/bin/env bash
# Contract checks: buf lint, generated code up to date, and no breaking change against
# main (the v1 contract only grows: new fields, values and RPCs, never renames).
set -euo pipefail
cd "$(dirname "$0")/.."
npx buf lint
npx buf generate
if ! git diff --quiet -- src/gen; then
  echo "src/gen is out of date with proto/: run npm run generate and commit" >&2
  git --no-pager diff --stat -- src/gen >&2
  exit 1
fi
if git rev-parse --verify -q main >/dev/null; then
  npx buf breaking proto --against '.git#branch=main,subdir=proto'
fi
echo "proto: lint, generated code and compatibility ok"
