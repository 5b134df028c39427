#!/usr/bin/env bash
# Re-runs reference.R (R packages: survival 3.5.3, jsonlite) and rewrites reference.json.
# Commit both files together; the C# tests only read the JSON, so they never need R.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v Rscript >/dev/null 2>&1; then
  echo "Rscript not found: install R with the 'survival' and 'jsonlite' packages to regenerate." >&2
  exit 1
fi
Rscript "$here/reference.R" "$here/reference.json"
