#!/usr/bin/env bash
# Makes sure a Chromium exists for the Playwright tests (`npx playwright install` can't download here).
set -euo pipefail

if [[ -n "${CHROMIUM_PATH:-}" && -x "${CHROMIUM_PATH}" ]]; then
	echo "Chromium: using CHROMIUM_PATH=${CHROMIUM_PATH}"
	exit 0
fi
if [[ -n "${CHROMIUM_PATH:-}" ]]; then
	echo "CHROMIUM_PATH is set to '${CHROMIUM_PATH}', which is not an executable file." >&2
	exit 1
fi
if [[ -x /usr/bin/chromium ]]; then
	echo "Chromium: using /usr/bin/chromium"
	exit 0
fi
if [[ -f /etc/debian_version && "$(id -u)" -eq 0 ]]; then
	echo "Chromium not found; installing Debian's chromium package..."
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
	if [[ -x /usr/bin/chromium ]]; then
		echo "Chromium: installed /usr/bin/chromium"
		exit 0
	fi
	echo "apt-get finished but /usr/bin/chromium is still missing." >&2
	exit 1
fi

cat >&2 <<'MSG'
The browser tests need Chromium, and none was found.
Either install Debian/Ubuntu's package:
    sudo apt-get install chromium
or point the tests at an existing Chromium or Chrome binary:
    export CHROMIUM_PATH=/path/to/chromium
MSG
exit 1
