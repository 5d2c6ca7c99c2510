#!/usr/bin/env bash
# System packages some test tiers use (Chromium for the widget, PostgreSQL and Redis for the server
# set-up: the shared stores and the replicas test, tests/slow/test_replicas.py).
# Installed when this machine lets us (root + apt); otherwise those tiers skip with a printed reason.
set -u
want=()
command -v chromium >/dev/null 2>&1 || want+=(chromium)
[ -x /usr/lib/postgresql/15/bin/postgres ] || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || want+=(postgresql)
command -v redis-server >/dev/null 2>&1 || command -v valkey-server >/dev/null 2>&1 || want+=(redis-server)
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${want[*]} for the browser/PostgreSQL/Redis test tiers"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}") >/tmp/techbridge-apt.log 2>&1 \
    || echo "could not install ${want[*]} (see /tmp/techbridge-apt.log); those tests will skip"
else
  echo "not root or no apt: ${want[*]} not installed; those tests will skip"
fi
exit 0
