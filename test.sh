#!/usr/bin/env bash
# Runs every test of the solution on a fresh clone: restores npm (Azurite) and NuGet packages, builds, tests.
# The storage tests start and stop their own Azurite on free ports; set FASHIONSERVERLESS_TEST_STORAGE to a
# connection string (e.g. UseDevelopmentStorage=true) to test against a storage that is already running instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if [[ ! -f node_modules/azurite/dist/src/azurite.js ]]; then
  echo "==> npm ci (Azurite for the storage tests)"
  npm ci --no-audit --no-fund
fi

echo "==> dotnet restore"
dotnet restore FashionServerless.sln

echo "==> dotnet build (Release)"
dotnet build FashionServerless.sln --no-restore -c Release

echo "==> dotnet test (Release)"
mkdir -p .artifacts
dotnet test FashionServerless.sln --no-build -c Release --logger "console;verbosity=normal" 2>&1 | tee .artifacts/test.log
count() { grep -E "^ +$1: +[0-9]+" .artifacts/test.log | awk '{ total += $2 } END { print total + 0 }'; }
echo "tests: $(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"

# The main job, end to end, so it cannot silently break: Azurite, synthetic data, training, publishing,
# classification of uploads (including a bad file), evaluation, and the printed tables.
echo "==> ./demo.sh (the main job, end to end)"
./demo.sh
