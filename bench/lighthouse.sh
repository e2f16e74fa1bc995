#!/bin/sh
# Lighthouse 12 (performance; mobile, then desktop) on the directory, a search and a profile,
# served as in production (`make serve`, DEBUG off) from the demo database `make run` made.
# Installs Lighthouse from npm into .lighthouse/ the first time; drives Debian's Chromium.
# Budget (issue 19): performance >= 98, cumulative layout shift < 0.05.
set -eu
PORT=${PORT:-8020}
URL="http://127.0.0.1:$PORT"
LIGHTHOUSE=.lighthouse/node_modules/.bin/lighthouse
[ -x "$LIGHTHOUSE" ] || npm install --prefix .lighthouse --no-audit --no-fund --silent lighthouse@12
[ -f db.sqlite3 ] || { echo "Run make run once first: it makes the demo database."; exit 1; }

SECRET_KEY=lighthouse-local-run-not-a-secret-0123456789abcdef ALLOWED_HOSTS=127.0.0.1 \
  DATABASE_URL="sqlite:///$(pwd)/db.sqlite3" SECURE_SSL_REDIRECT=0 PORT=$PORT \
  make serve >/tmp/lighthouse-serve.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; pkill -f "gunicorn.*backpain_site" 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "$URL/healthz"; do sleep 1; done
PROFILE=$(curl -s "$URL/providers/?q=massage" | grep -o 'href="/providers/[a-z0-9-]*/"' | head -1 | cut -d'"' -f2)

for preset in mobile desktop; do
  for path in "/providers/" "/providers/?q=massage&near=Tampines&radius=5" "$PROFILE"; do
    flags=""; [ "$preset" = desktop ] && flags="--preset=desktop"
    CHROME_PATH=/usr/bin/chromium "$LIGHTHOUSE" "$URL$path" $flags --quiet \
      --only-categories=performance --output=json --output-path=.lighthouse/report.json \
      --chrome-flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
    node -e 'const r = require("./.lighthouse/report.json"), a = r.audits;
      console.log([process.argv[1], process.argv[2], "performance " + Math.round(r.categories.performance.score * 100),
        "CLS " + a["cumulative-layout-shift"].displayValue, "LCP " + a["largest-contentful-paint"].displayValue,
        "TBT " + a["total-blocking-time"].displayValue].join(" | "));' "$preset" "$path"
  done
done
