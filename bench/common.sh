# Shared by bench/run and bench/hugo (sourced; expects $work and $runs).

mkdir -p "$work/out"
# measure CMD...: runs CMD $runs times (@OUT@ in CMD is a new output folder each time);
# prints "median_seconds peak_rss_mb last_output_folder".
measure() {
  local times=() peak=0 i line out=""
  for ((i = 0; i < runs; i++)); do
    out=$(mktemp -d "$(realpath "$work")/out/run-XXXXXX")
    sync
    /usr/bin/time -o "$work/time.txt" -f "%e %M" "${@/@OUT@/$out}" >/dev/null 2>&1
    line=$(tail -n 1 "$work/time.txt")
    times+=("${line% *}")
    local rss=${line#* }
    (( rss > peak )) && peak=$rss
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median $((peak / 1024)) $out"
}

# corpus N: the path of the seeded corpus of N posts, generated on first use.
corpus() {
  local dir="$work/corpus-$1"
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"
    target/release/examples/corpus "$1" "$dir" 42 2>/dev/null
    touch "$dir/.complete"
  fi
  echo "$dir"
}
