#!/usr/bin/env bash
# A long schema-fuzzer run: Schemathesis against `stratmon serve` (gunicorn, the production
# server) on a fresh database with the sample data, once per role's token. `make test` runs a
# short one (tests/api/test_schema_fuzz.py); this one's figures go in the issue's note.
#
#   bash bench/api_fuzz.sh [EXAMPLES per operation, default 100] [SEED, default 1]
#
# Prints Schemathesis's summary per role; exits non-zero on any server error or any response
# that violates the schema. Traffic stays on 127.0.0.1 and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
EXAMPLES=${1:-100}
SEED=${2:-1}
PORT=${PORT:-8799}
VAR=$(mktemp -d /tmp/stratmon-api-fuzz.XXXXXX)
export STRATMON_VAR_DIR=$VAR API_RATE=1000000/min STRATMON_PASSWORD=fuzz-Pa55word-long
BIN=.venv/bin
stop() { [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$VAR"; }
trap stop EXIT

$BIN/stratmon init --sample >/dev/null
$BIN/stratmon users add fuzz-secretariat --role secretariat_admin --org rocb-ap >/dev/null
$BIN/stratmon users add fuzz-focal --role focal_point --member FJI >/dev/null
$BIN/stratmon users add fuzz-viewer --role viewer --org oco >/dev/null
$BIN/stratmon serve --host 127.0.0.1 --port "$PORT" --workers 2 >"$VAR/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/api/schema/" >/dev/null && break; sleep 1; done

status=0
for user in admin fuzz-secretariat fuzz-focal fuzz-viewer; do
  token=$($BIN/stratmon users token "$user" --name fuzz | tail -n 1)
  echo "=== $user: $EXAMPLES examples per operation, seed $SEED"
  start=$(date +%s)
  $BIN/st run "http://127.0.0.1:$PORT/api/schema/" --header "Authorization: Token $token" \
    --checks not_a_server_error,response_schema_conformance --max-examples "$EXAMPLES" \
    --seed "$SEED" --generation-database none --request-timeout 120 --no-color \
    >"$VAR/$user.log" 2>&1 || status=1
  sed -n '/SUMMARY/,$p' "$VAR/$user.log"
  echo "    ($(( $(date +%s) - start )) s)"
done
grep -c "Internal Server Error" "$VAR/serve.log" | sed 's/^/server errors logged: /' || true
exit $status
