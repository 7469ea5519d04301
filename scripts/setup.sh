#!/usr/bin/env bash
# Installs what MAO Graph needs besides Go when it is missing: a JDK (17+) and Maven for the
# dev Neo4j, Chromium for the explorer's end-to-end test, and Node.js with the pinned client
# libraries of clients/dashboard (npm ci) for the real-client test. Quiet and quick when all is there.
set -euo pipefail

missing=()
java_ok() {
	command -v java >/dev/null 2>&1 || return 1
	local v
	v=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
	[ -n "$v" ] && [ "$v" -ge 17 ]
}
java_ok || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 && [ -z "${CHROME_PATH:-}" ]; then
	missing+=(chromium)
fi
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ! command -v go >/dev/null 2>&1; then
	echo "setup: Go 1.26 or newer is required (https://go.dev/dl/)" >&2
	exit 1
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "setup: please install ${missing[*]} (no apt-get here)" >&2
		exit 1
	fi
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The real-client test's libraries, exactly as clients/dashboard/package-lock.json pins them.
dashboard="$(dirname "$0")/../clients/dashboard"
if [ ! -d "$dashboard/node_modules" ]; then
	echo "setup: npm ci in clients/dashboard"
	(cd "$dashboard" && npm ci --no-audit --no-fund --loglevel=error)
fi
