#!/bin/sh
# The streaming transform at scale (`make streaming-demo`): generate a ROWS-row CSV (an id column and a swiss roll in
# 3-D, from awk with a fixed seed), fit a landmark-Isomap model on its first 5 000 rows, stream every row through
# `dimred transform --keep-columns id`, and print rows, seconds and peak resident memory. Then a few rows spread over
# the file are embedded again by the whole-file path (`--plot` forces it) and must equal the streamed rows to a
# relative 1e-9 (the same arithmetic, in blocks of different sizes, so the BLAS may round differently).
# The data (about 0.4 GB per 10^7 rows) and the output are deleted at the end, kept with KEEP=1.
#
# Usage: benchmarks/streaming-demo.sh DIMRED [ROWS] [WORK]
set -eu
DIMRED=$1
ROWS=${2:-10000000}
WORK=${3:-.build/streaming-demo}
mkdir -p "$WORK"
[ "${KEEP:-0}" = 1 ] || trap 'rm -f "$WORK/data.csv" "$WORK/out.csv" "$WORK/picked.csv" "$WORK/whole.csv"' EXIT

echo "== generating $ROWS rows (id, x, y, z: a swiss roll, awk srand(7)) into $WORK/data.csv"
awk -v n="$ROWS" 'BEGIN {
	srand(7); pi = 3.141592653589793; print "id,x,y,z"
	for (i = 0; i < n; i++) {
		t = 1.5 * pi * (1 + 2 * rand()); h = 21 * rand()
		printf "r%d,%.6f,%.6f,%.6f\n", i, t * cos(t) + 0.05 * (rand() - 0.5), h, t * sin(t) + 0.05 * (rand() - 0.5)
	}
}' > "$WORK/data.csv"
ls -l "$WORK/data.csv" | awk '{ printf "   %.0f MB\n", $5 / 1e6 }'

echo "== fitting landmark-isomap (300 landmarks, 10 neighbours) on the first 5000 rows"
head -n 5001 "$WORK/data.csv" | cut -d, -f2- > "$WORK/sample.csv"
"$DIMRED" fit "$WORK/sample.csv" --method landmark-isomap --landmarks 300 --neighbors 10 --save "$WORK/model.json" \
	-o /dev/null --quiet

echo "== streaming every row: dimred transform data.csv --model model.json --keep-columns id -o out.csv"
load=$(cut -d' ' -f1-3 /proc/loadavg)
if [ -x /usr/bin/time ]; then
	/usr/bin/time -v -o "$WORK/time.txt" "$DIMRED" transform "$WORK/data.csv" --model "$WORK/model.json" \
		--keep-columns id -o "$WORK/out.csv" --quiet
	seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + p[k]; print s }' "$WORK/time.txt")
	peak_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time.txt")
	how="/usr/bin/time -v"
else
	# No GNU time: the kernel's high-water mark of the process (VmHWM, never decreasing), sampled until it exits.
	start=$(date +%s.%N)
	"$DIMRED" transform "$WORK/data.csv" --model "$WORK/model.json" --keep-columns id -o "$WORK/out.csv" --quiet &
	pid=$!
	peak_kb=0
	while kill -0 "$pid" 2>/dev/null; do
		now=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
		[ "${now:-0}" -gt "$peak_kb" ] && peak_kb=$now
		sleep 0.05
	done
	wait "$pid"
	seconds=$(echo "$start $(date +%s.%N)" | awk '{ printf "%.2f", $2 - $1 }')
	how="VmHWM of /proc/PID/status sampled every 50 ms"
fi
written=$(($(wc -l < "$WORK/out.csv") - 1))
[ "$written" = "$ROWS" ] || { echo "streamed $written rows, expected $ROWS" >&2; exit 1; }
awk -v r="$ROWS" -v s="$seconds" -v kb="$peak_kb" -v how="$how" -v load="$load" 'BEGIN {
	printf "rows=%d seconds=%.1f rows_per_second=%.0f peak_rss_mb=%.1f (%s; load average before: %s)\n",
		r, s, r / s, kb / 1024, how, load }'

echo "== the whole-file transform of 8 rows spread over the file, against the streamed rows"
awk -v n="$ROWS" 'BEGIN { for (k = 0; k < 8; k++) pick[int(k * (n - 1) / 7) + 2] = 1 } NR == 1 || NR in pick' \
	"$WORK/data.csv" > "$WORK/picked.csv"
cut -d, -f2- "$WORK/picked.csv" > "$WORK/picked-features.csv"
"$DIMRED" transform "$WORK/picked-features.csv" --model "$WORK/model.json" -o "$WORK/whole.csv" \
	--plot "$WORK/picked.svg" --quiet
# Streamed rows of the picked ids, in file order, beside the whole-file rows (same order).
ids=$(cut -d, -f1 "$WORK/picked.csv" | tail -n +2 | tr '\n' ' ')
awk -F, -v ids="$ids" 'BEGIN { split(ids, a, " "); for (k in a) want[a[k]] = 1 } ($1 in want) { print $2 "," $3 }' \
	"$WORK/out.csv" > "$WORK/streamed-picked.csv"
tail -n +2 "$WORK/whole.csv" | cut -d, -f1-2 | paste -d, "$WORK/streamed-picked.csv" - | awk -F, '
	function abs(v) { return v < 0 ? -v : v }
	{ for (j = 1; j <= 2; j++) { d = abs($j - $(j + 2)) / (abs($(j + 2)) > 1 ? abs($(j + 2)) : 1); if (d > worst) worst = d }; rows++ }
	END {
		printf "checked %d rows: largest relative difference %.3g (tolerance 1e-9)\n", rows, worst
		if (rows != 8 || worst > 1e-9) { print "the streamed rows differ from the whole-file transform" > "/dev/stderr"; exit 1 }
	}'
