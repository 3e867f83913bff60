# Statistics shared by the benchmark scripts, which source it from the
# repository root: . scripts/lib/stats.sh

# median reads one number a line and prints their median: the middle one,
# or the mean of the two middle ones when the count is even, so that
# RUNS=2 or 4 does not quietly report the lower of the middle pair.
median() {
	sort -g | awk '{a[NR] = $1} END {
		if (NR == 0) exit 1
		if (NR % 2) print a[(NR + 1) / 2]
		else printf "%.15g\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 # not print: OFMT has 6 digits
	}'
}
