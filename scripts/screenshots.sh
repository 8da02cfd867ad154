#!/bin/sh
# Refreshes docs/screenshots/: every kind of page at a phone's size (390x844) and a desktop's
# (1280x800), the first screen of each, from the example site (and the org-wide test fixture
# for the group pages). Needs Chromium and `npm ci --prefix tests/browser` (see docs/theming.md).
#
#   scripts/screenshots.sh [OUT_DIR]     (default docs/screenshots)
set -eu
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
# The build date the home page shows its next meeting from: shortly after the last meeting.
export SOURCE_DATE_EPOCH=1749513600
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Served at the root: the 404 page's links are absolute, from the base URL's path.
cargo run --quiet -- build --output "$tmp/example" --base-url https://example.org/ >/dev/null
cargo run --quiet -- build --root tests/fixtures/orgwide/two_groups --output "$tmp/org" \
  --base-url https://example.org/ >/dev/null
node tests/browser/screenshots.mjs "$tmp/example" "$out" \
  home= meetings=meetings/ meeting=meetings/2024-04-04/ issues=issues/ \
  issue=issues/examplejs/security-wg/898/ initiatives=initiatives/ \
  initiative=initiatives/permission-model/ people=people/ person=people/anasouza/ \
  actions=actions/ actions-year=actions/2024/ decisions=decisions/ \
  decisions-year=decisions/2024/ "search=search/?q=permission" not-found=no/such/page/
node tests/browser/screenshots.mjs "$tmp/org" "$out" groups=groups/ group=groups/tsc/
