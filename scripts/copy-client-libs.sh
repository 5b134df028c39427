#!/usr/bin/env bash
# Installs the pinned front-end packages and copies what the app serves into wwwroot/lib
# (and axe-core into the browser tests). The copies are committed, so neither building nor
# running the app needs npm.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --ignore-scripts
lib=src/ImpactOS.Web/wwwroot/lib
rm -rf "$lib"
mkdir -p "$lib/bootstrap/css" "$lib/bootstrap/js" "$lib/bootstrap-icons/font/fonts" "$lib/chart.js"
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map "$lib/bootstrap/css/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map "$lib/bootstrap/js/"
cp node_modules/bootstrap/LICENSE "$lib/bootstrap/"
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css "$lib/bootstrap-icons/font/"
cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff2 node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff "$lib/bootstrap-icons/font/fonts/"
cp node_modules/bootstrap-icons/LICENSE "$lib/bootstrap-icons/"
cp node_modules/chart.js/dist/chart.umd.min.js "$lib/chart.js/"
cp node_modules/chart.js/LICENSE.md "$lib/chart.js/"
axe=tests/ImpactOS.Web.Tests/Browser/axe
mkdir -p "$axe"
cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE "$axe/"
echo "Copied client libraries into $lib and $axe"
