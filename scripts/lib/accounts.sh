# Accounts for the load scripts: which of the org file's staff sign in,
# and a fresh one-time password for each. Needs $data (the demo's
# directory), $bin (the postcrm binary) and $USERS.

# pick_users ROLE [OWNERS] lists staff IDs and roles from the org file.
# For mix, USERS of them: one province member, up to four city managers,
# ten office managers and couriers for the rest; for a role, up to as many
# accounts of it as it gets connections. Spread evenly over the file.
# Couriers are taken from the OWNERS file (staff IDs, one a line) when it
# names any: couriers with warnings of their own to work through, not
# empty lists that flatter the figures.
pick_users() {
	local org=$data/org.csv owners=${2:-/dev/null}
	if ! iconv -f UTF-8 -t UTF-8 "$org" >/dev/null 2>&1; then org=<(iconv -f GB18030 -t UTF-8 "$data/org.csv"); fi
	awk -F, -v n="$USERS" -v only="$1" -v k="${PICK:-$(connections "$1")}" '
		FILENAME != ARGV[2] { owner[$1] = 1; owners++; next }
		!header {
			for (i = 1; i <= NF; i++) { sub(/^\xef\xbb\xbf/, "", $i); if ($i == "工号") id = i; if ($i == "岗位") role = i }
			header = id && role; next
		}
		$role == "揽投员" && owners && !owner[$id] { next }
		{ staff[$role, count[$role]++] = $id }
		function pick(r, k,   j) { if (k > count[r]) k = count[r]; for (j = 0; j < k && j < count[r]; j++) print staff[r, int(j * count[r] / k)] "\t" short[r]; return j }
		END {
			short["省市场部"] = "province"; short["地市管理员"] = "city"; short["营业部经理"] = "office"; short["揽投员"] = "courier"
			if (only != "mix") { for (r in short) if (short[r] == only) pick(r, k); exit }
			left = n - pick("省市场部", 1); left -= pick("地市管理员", 4); left -= pick("营业部经理", 10)
			pick("揽投员", left)
		}' "$owners" "$org"
}

# owners_of_warnings DB OUT writes the staff IDs that own the last
# analysed month's warnings, most warnings first.
owners_of_warnings() {
	"$bin" --db "$1" warnings --format csv 2>/dev/null | awk -F, '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == "owner_staff_id") c = i; next }
		c && $c != "" { n[$c]++ }
		END { for (s in n) print n[s] "\t" s }' | sort -rn | cut -f2 >"$2" || : >"$2"
}

# connections ROLE is how many virtual users a run of ROLE has.
connections() {
	case $1 in
	mix) echo "$USERS" ;;
	province) echo 8 ;;
	*) echo 50 ;;
	esac
}

# accounts ROLE gives every picked user a fresh one-time password (the
# load generator changes it at sign-in, as a first sign-in does) and
# writes the users file.
accounts() {
	local db=$1 role=$2 out=$3 name r pw
	: >"$out"
	while IFS=$'\t' read -r name r; do
		pw=$( ("$bin" --db "$db" user add "$name" 2>/dev/null || "$bin" --db "$db" user reset-password "$name" 2>/dev/null) |
			sed -n 's/^一次性密码：\(.*\)$/\1/p') || pw=
		# a row the import rejected (the demo plants some) has no account
		[ -n "$pw" ] || { echo "skipping $name: not in the imported org" >&2; continue; }
		printf '%s\t%s\t%s\n' "$name" "$pw" "$r" >>"$out"
	done < <(pick_users "$role" "${OWNERS:-}")
}

