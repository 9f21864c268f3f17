#!/usr/bin/env bash
# Validates action.yml and every workflow file against GitHub's schemas with action-validator (runs
# offline), and the shell scripts with shellcheck.
set -euo pipefail
cd "$(dirname "$0")/.."

validator=node_modules/.bin/action-validator
status=0

for workflow in .github/workflows/*.yml; do
  "$validator" "$workflow" || { echo "invalid workflow: $workflow" >&2; status=1; }
done

# NOTE: action-validator 0.6.0 bundles a schema that predates node24, so it rejects the runtime GitHub
# requires. The rest of action.yml is checked against that schema with node20 in its place, and the
# runtime is checked here.
grep -qx '  using: node24' action.yml || { echo "action.yml: runs.using must be node24" >&2; status=1; }
# The validator distinguishes an action from a workflow by the file name, so the copy keeps it.
copy_dir=$(mktemp -d)
trap 'rm -rf "$copy_dir"' EXIT
sed 's/^  using: node24$/  using: node20/' action.yml >"$copy_dir/action.yml"
"$validator" "$copy_dir/action.yml" || { echo "invalid action.yml" >&2; status=1; }

shellcheck src/builder/entrypoint.sh .ci/*.sh .ci/run || status=1
exit $status
