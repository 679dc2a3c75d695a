#!/bin/sh
# Refreshes tests/vendor/axe.min.js (and its licence, MPL-2.0) from the npm registry.
# The file is kept in the repository so that the accessibility tests run with no
# network; run this script only to move to a newer axe-core.
#   sh tests/vendor/update_axe.sh [VERSION]
set -eu
version="${1:-4.14.1}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "axe-core@$version" >/dev/null && tar xzf "axe-core-$version.tgz")
cp "$work/package/axe.min.js" "$here/axe.min.js"
cp "$work/package/LICENSE" "$here/axe-core.LICENSE"
echo "axe-core $version -> $here/axe.min.js"
