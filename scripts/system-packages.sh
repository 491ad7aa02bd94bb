#!/usr/bin/env bash
# System programs sopflow's views use that no Python package ships:
#   graphviz  - the `dot` layout engine behind the SVG swimlane (and the diagram in PDF/DOCX/HTML)
#   chromium  - the browser the web app's tests and screenshots drive (Playwright, no download)
# Idempotent: installs only what is missing, with apt-get when run as root; otherwise prints
# the command to run. Without Graphviz everything else works; `render --to svg` says so.
set -euo pipefail

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
# chromium: the browser the web tests drive with Playwright, and the README screenshots
[ -x /usr/bin/chromium ] || missing+=(chromium)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "sopflow: please install with your system's package manager: ${missing[*]}" >&2
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    echo "sopflow: installing ${missing[*]}" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" \
        || { apt-get update && DEBIAN_FRONTEND=noninteractive \
             apt-get install -y --no-install-recommends "${missing[@]}"; }
else
    echo "sopflow: the SVG swimlane needs ${missing[*]}; install it with:" >&2
    echo "    sudo apt-get install -y ${missing[*]}" >&2
fi
