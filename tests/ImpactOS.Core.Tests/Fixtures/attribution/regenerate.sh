#!/usr/bin/env bash
# Re-computes the attribution reference values with R (when R is installed).
set -euo pipefail
cd "$(dirname "$0")"
Rscript reference.R > reference.json.tmp && mv reference.json.tmp reference.json
