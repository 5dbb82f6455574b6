#!/usr/bin/env bash
# Runs the README's walk-through, step by step and in order, against a fresh demo salon; fails on the first broken step.
# Usage: bash tests/walkthrough/readme-walkthrough.sh   (from the repository root; builds once, needs curl)
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
BASE="http://127.0.0.1:$PORT"
DATA=$(mktemp -d)
PASSWORD='pick-a-long-password'
LOG="$DATA/api.log"

dotnet build src/Salon.Api -v quiet -nologo >/dev/null
Salon__DemoPassword="$PASSWORD" dotnet run --no-build --project src/Salon.Api -- --demo --urls "$BASE" \
  --Database:DataFolder="$DATA" >"$LOG" 2>&1 &
API=$!
trap 'kill $API 2>/dev/null; wait $API 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -fs "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$BASE/health/ready" >/dev/null || { echo "the API did not start:"; cat "$LOG"; exit 1; }
grep -q "Staff logins admin, frontdesk" "$LOG" || { echo "FAIL the demo start does not show the demo logins"; exit 1; }

STEP=0
# call EXPECTED_STATUS_REGEX curl-arguments...: prints the body, fails the run when the status does not match.
call() {
  local expected=$1; shift
  STEP=$((STEP + 1))
  local out status
  out=$(curl -s -w '\n%{http_code}' "$@")
  status=${out##*$'\n'}
  BODY=${out%$'\n'*}
  if [[ ! $status =~ ^($expected)$ ]]; then
    echo "FAIL step $STEP: curl $* -> $status (expected $expected)"; echo "$BODY"; exit 1
  fi
  local url; for url in "$@"; do [[ $url == http* ]] && break; done
  echo "ok   step $STEP: $status ${url#$BASE}" | cut -c1-150
}
id() { grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4; }

# First requests
call 200 "$BASE/api/v1/auth/token" -H 'content-type: application/json' -d "{\"login\":\"frontdesk\",\"password\":\"$PASSWORD\"}"
TOKEN=$(echo "$BODY" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
H="Authorization: Bearer $TOKEN"
call 200 "$BASE/api/v1/services" -H "$H"
call 201 "$BASE/api/v1/clients" -H "$H" -H 'content-type: application/json' -d '{
  "firstName": "Мария", "lastName": "Петрова", "phone": "8 (916) 123-45-67",
  "personalDataConsent": { "channel": "paper" } }'
call 200 "$BASE/api/v1/clients?query=8916123" -H "$H"

# Booking walk-through
call 200 "$BASE/api/v1/services" -H "$H"
SERVICE=$(echo "$BODY" | grep -o '"id":"[^"]*","name":"Прессотерапия"' | cut -d'"' -f4)
call 200 "$BASE/api/v1/clients?query=89161000001" -H "$H"
CLIENT=$(echo "$BODY" | id)
SCREENED=$CLIENT
DAY=$(date -d '+2 day' +%F)
call 200 "$BASE/api/v1/availability?serviceId=$SERVICE&from=$DAY&to=$DAY" -H "$H"
BOOKING_BODY="{\"clientId\":\"$CLIENT\",\"serviceId\":\"$SERVICE\",\"startsAt\":\"${DAY}T12:00:00+03:00\"}"
call 201 "$BASE/api/v1/bookings" -H "$H" -H 'content-type: application/json' -H 'Idempotency-Key: 7d1c-first-try' -d "$BOOKING_BODY"
BOOKING=$(echo "$BODY" | id)
call 201 "$BASE/api/v1/bookings" -H "$H" -H 'content-type: application/json' -H 'Idempotency-Key: 7d1c-first-try' -d "$BOOKING_BODY"
call 200 "$BASE/api/v1/bookings/$BOOKING/reschedule" -H "$H" -H 'content-type: application/json' -d "{\"startsAt\":\"${DAY}T15:00:00+03:00\"}"
call 200 "$BASE/api/v1/bookings?from=$DAY&to=$DAY" -H "$H"
call 200 -X POST "$BASE/api/v1/bookings/$BOOKING/cancel" -H "$H" -H 'content-type: application/json' -d '{"by":"client"}'

# Health screening (Наталья Морозова has not answered the questionnaire yet)
call 200 "$BASE/api/v1/clients?query=89161000004" -H "$H"
CLIENT=$(echo "$BODY" | id)
call 200 "$BASE/api/v1/clients/$CLIENT/consents" -H "$H" -H 'content-type: application/json' -d '{"kind":"health_data","channel":"paper"}'
call 201 "$BASE/api/v1/clients/$CLIENT/screenings" -H "$H" -H 'content-type: application/json' \
  -d '{"answers":{"Q01":false,"Q02":false,"Q03":false,"Q04":false,"Q05":true,"Q06":false,"Q07":false,"Q08":false,"Q09":false,"Q10":false,"Q11":false,"Q12":false,"Q13":false,"Q14":false,"Q15":false,"Q16":false,"Q17":false,"Q18":false,"Q19":false,"Q20":false,"Q21":false,"Q22":false,"Q23":false,"Q24":false}}'
call 200 "$BASE/api/v1/clients/$CLIENT/screening-outcome" -H "$H"
call 201 "$BASE/api/v1/bookings" -H "$H" -H 'content-type: application/json' \
  -d "{\"clientId\":\"$SCREENED\",\"serviceId\":\"$SERVICE\",\"startsAt\":\"${DAY}T12:00:00+03:00\"}"
BOOKING=$(echo "$BODY" | id)
# check-in opens two hours before the start: two days out it is 422 check-in-window, as the README says
call 422 "$BASE/api/v1/bookings/$BOOKING/check-in" -H "$H" -H 'content-type: application/json' \
  -d '{"dayOfAnswers":{"Q01":false,"Q02":false,"Q03":false,"Q17":false,"Q19":false,"Q21":false}}'
grep -q 'check-in-window' <<<"$BODY" || { echo "FAIL check-in refused for another reason: $BODY"; exit 1; }

# Packages and payments
call 200 "$BASE/api/v1/package-templates" -H "$H"
TEMPLATE=$(echo "$BODY" | id)
call '200|201' "$BASE/api/v1/packages" -H "$H" -H 'content-type: application/json' -H 'Idempotency-Key: sale-0001' \
  -d "{\"clientId\":\"$CLIENT\",\"templateId\":\"$TEMPLATE\",\"method\":\"card\"}"
call '200|201' "$BASE/api/v1/bookings/$BOOKING/payments" -H "$H" -H 'content-type: application/json' -H 'Idempotency-Key: pay-0001' \
  -d '{"amount":500.00,"method":"cash"}'
call 200 "$BASE/api/v1/clients/$CLIENT/receipts" -H "$H"
call 200 "$BASE/api/v1/reports/cash?date=$(date +%F)" -H "$H"

# Therapists' schedules and phone calendars
call 200 "$BASE/api/v1/therapists" -H "$H"
THERAPIST=$(echo "$BODY" | id)
call 200 "$BASE/api/v1/therapists/$THERAPIST/schedule?date=$DAY" -H "$H"
call 200 "$BASE/api/v1/therapists/$THERAPIST/schedule?date=$DAY&format=csv" -H "$H"
call 200 "$BASE/api/v1/therapists/$THERAPIST/schedule?date=$DAY" -H "$H" -H 'Accept: text/calendar'
call 200 "$BASE/api/v1/schedule?date=$DAY&format=csv" -H "$H"
call 200 "$BASE/api/v1/auth/token" -H 'content-type: application/json' -d "{\"login\":\"admin\",\"password\":\"$PASSWORD\"}"
A="Authorization: Bearer $(echo "$BODY" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')"
call '200|201' -X POST "$BASE/api/v1/therapists/$THERAPIST/calendar-feed" -H "$A"
FEED=$(echo "$BODY" | grep -o '"url":"[^"]*"' | cut -d'"' -f4)
call 200 "$BASE$FEED"

# Staff: create, deactivate, and the token stops working
call 201 "$BASE/api/v1/staff" -H "$A" -H 'content-type: application/json' -d '{"login":"temp.desk","password":"another-long-password","role":"frontdesk"}'
STAFF=$(echo "$BODY" | id)
call 200 "$BASE/api/v1/auth/token" -H 'content-type: application/json' -d '{"login":"temp.desk","password":"another-long-password"}'
T="Authorization: Bearer $(echo "$BODY" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')"
call 200 "$BASE/api/v1/services" -H "$T"
call 200 -X POST "$BASE/api/v1/staff/$STAFF/deactivate" -H "$A"
call 401 "$BASE/api/v1/services" -H "$T"

# Backup while the API runs
dotnet run --no-build --project src/Salon.Api -- backup --out "$DATA/backup.db" --Database:DataFolder="$DATA" >/dev/null
test -s "$DATA/backup.db" || { echo "FAIL backup wrote nothing"; exit 1; }
echo "ok   backup: $DATA/backup.db"
echo "README walk-through: $STEP steps passed"
