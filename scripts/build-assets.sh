#!/usr/bin/env bash
# Builds MyDirection's front-end assets into mydirection/static/mydirection/ and copies
# axe-core for the browser tests.
#
# Only needed when bumping govuk-frontend, @ministryofjustice/frontend or axe-core, or when
# changing assets/scss or assets/js. The built files are committed, so running, testing or
# deploying MyDirection needs Python only, never Node.
#
# Usage: scripts/build-assets.sh   (or: npm run build)
set -euo pipefail

cd "$(dirname "$0")/.."
out=mydirection/static/mydirection
govuk=node_modules/govuk-frontend/dist/govuk
moj=node_modules/@ministryofjustice/frontend/moj

npm ci --no-audit --no-fund

rm -rf "$out"
mkdir -p "$out/css" "$out/js" "$out/images" tests/browser/vendor

# Sass: MOJ's Sass refers to node_modules/govuk-frontend/..., hence --load-path=.
npx sass --load-path=. --style=compressed --no-source-map --quiet-deps \
  assets/scss/app.scss "$out/css/app.css"

# JavaScript: both packages ship self-contained ES modules; no bundler. Drop the source-map
# comments, as the maps are not shipped.
sed -e '/^\/\/# sourceMappingURL=/d' -e 's#//\# sourceMappingURL=[^ ]*$##' \
  "$govuk/govuk-frontend.min.js" > "$out/js/govuk-frontend.min.js"
sed -e '/^\/\/# sourceMappingURL=/d' -e 's#//\# sourceMappingURL=[^ ]*$##' \
  "$moj/moj-frontend.min.js" > "$out/js/moj-frontend.min.js"
cp assets/js/init.js "$out/js/init.js"

# Images: only those the compiled CSS refers to (small MOJ icons), plus our own favicon. No fonts: the
# system font is used (GDS Transport is licensed for GOV.UK services only).
grep -o 'url([^)]*)' "$out/css/app.css" | sed -E 's/url\("?([^")]*)"?\)/\1/' | sort -u |
  while read -r url; do
    case "$url" in
      # The Royal Arms for "Crown copyright" in the GOV.UK footer: not ours to use, and the
      # footer never renders .govuk-footer__copyright-logo.
      /static/mydirection/images/govuk-crest.svg) ;;
      /static/mydirection/images/*)
        name=${url#/static/mydirection/images/}
        if [ -f "$moj/assets/images/$name" ]; then
          cp "$moj/assets/images/$name" "$out/images/$name"
        elif [ -f "$govuk/assets/images/$name" ]; then
          cp "$govuk/assets/images/$name" "$out/images/$name"
        else
          echo "The CSS refers to $url, which neither package has" >&2
          exit 1
        fi
        ;;
      data:*) ;;
      *)
        echo "Unexpected asset URL in app.css: $url" >&2
        exit 1
        ;;
    esac
  done
cp assets/images/* "$out/images/"

# Accessibility checks in the browser tests.
cp node_modules/axe-core/axe.min.js tests/browser/vendor/axe.min.js

# Checks: the licensed font must not appear; the components we use must be there.
if grep -q "GDS Transport" "$out/css/app.css"; then
  echo "app.css mentions GDS Transport, which MyDirection may not use" >&2
  exit 1
fi
for selector in govuk-generic-header govuk-service-navigation moj-identity-bar \
  moj-sub-navigation moj-timeline app-identity-bar; do
  grep -q "\.$selector" "$out/css/app.css" || { echo "app.css lacks .$selector" >&2; exit 1; }
done

echo "Built $(wc -c < "$out/css/app.css") bytes of CSS into $out"
