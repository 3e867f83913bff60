# Sourced by .ci/run and scripts/bench: starts what the tests need when the
# machine does not already run it, using Debian's packages only.

apt_updated=""
apt_install() {
	if [ -z "$apt_updated" ]; then
		apt-get update -qq
		apt_updated=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pg_answers() {
	command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432
}

# ensure_postgres leaves a PostgreSQL on 127.0.0.1:5432 with trust auth and a
# database "test": the one the machine runs, or one installed here.
ensure_postgres() {
	if pg_answers; then
		return 0
	fi
	echo "PostgreSQL does not answer on 127.0.0.1:5432: installing and starting one" >&2
	command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql
	local version hba
	version=$(ls /etc/postgresql | sort -V | tail -n 1)
	if [ -z "$version" ]; then
		version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
		pg_createcluster "$version" main >/dev/null
	fi
	hba=/etc/postgresql/$version/main/pg_hba.conf
	if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
		sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
	fi
	pg_ctlcluster --skip-systemctl-redirect "$version" main restart ||
		pg_ctlcluster --skip-systemctl-redirect "$version" main start
	for _ in $(seq 1 30); do
		pg_answers && break
		sleep 1
	done
	psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1 ||
		psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE test" >/dev/null
}

# ensure_browser_and_office installs what the end-to-end and spreadsheet
# tests drive: Debian's headless Chromium, LibreOffice Calc (to prove the
# workbooks open) and poppler's pdftoppm (to look at them).
ensure_browser_and_office() {
	local missing=()
	command -v chromium >/dev/null 2>&1 || missing+=(chromium)
	command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
	command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
	if [ ${#missing[@]} -gt 0 ]; then
		echo "installing ${missing[*]} for the browser and spreadsheet tests" >&2
		apt_install "${missing[@]}"
	fi
}

# The ClickHouse test cluster: two servers on this machine, each a shard
# (.ci/clickhouse), their data under /tmp/postcrm-ch. The fact-store tests
# find it through POSTCRM_TEST_CH.
CH_DIR=/tmp/postcrm-ch
ch_answers() { # PORT
	clickhouse-client --port "$1" --query "SELECT 1" >/dev/null 2>&1
}

# ensure_clickhouse installs Debian's clickhouse-server and -client when
# missing and starts both shards that do not answer yet.
ensure_clickhouse() {
	command -v clickhouse-server >/dev/null 2>&1 && command -v clickhouse-client >/dev/null 2>&1 ||
		apt_install clickhouse-server clickhouse-client
	local conf n port
	conf=$(cd "$(dirname "${BASH_SOURCE[0]}")/clickhouse" && pwd)
	mkdir -p "$CH_DIR"
	cp "$conf/cluster.xml" "$CH_DIR/cluster.xml"
	for n in 1 2; do
		port=$((18999 + n))
		ch_answers "$port" && continue
		echo "starting ClickHouse shard $n on 127.0.0.1:$port" >&2
		mkdir -p "$CH_DIR/shard$n"
		clickhouse-server --config-file="$conf/shard$n.xml" --daemon --pid-file="$CH_DIR/shard$n/server.pid" >/dev/null 2>&1
		for _ in $(seq 1 30); do
			ch_answers "$port" && break
			sleep 1
		done
		ch_answers "$port" || { echo "ClickHouse shard $n did not start: see $CH_DIR/shard$n/error.log" >&2; return 1; }
	done
}
