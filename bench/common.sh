# Shared by bench/run, bench/vs-hugo and bench/vs-peers (sourced; expects $work and $runs,
# and a function `run_config NAME` that runs one configuration once through `run_once`).

mkdir -p "$work/out"

# run_once CMD...: runs CMD once (@OUT@ in CMD is a new output folder, after a `sync`);
# prints "seconds peak_rss_mb output_folder".
run_once() {
  local out line
  out=$(mktemp -d "$(realpath "$work")/out/run-XXXXXX")
  sync
  /usr/bin/time -o "$work/time.txt" -f "%e %M" "${@/@OUT@/$out}" >/dev/null 2>&1
  line=$(tail -n 1 "$work/time.txt")
  echo "${line% *} $((${line#* } / 1024)) $out"
}

# run_feedsmith NAME: runs $bin build once through run_once with bench/NAME.yaml on $corpus
# and $threads threads (a -nosync suffix on NAME adds --no-sync).
run_feedsmith() {
  local flags=()
  [[ $1 == *-nosync ]] && flags=(--no-sync)
  run_once "$bin" build --config "bench/${1%-nosync}.yaml" --content "$corpus" --out @OUT@ \
    --jobs "$threads" --quiet "${flags[@]}"
}

# rounds NAME...: runs `run_config NAME` for each NAME in turn, $runs rounds of them, so a
# drift in this machine's speed touches every configuration alike and their ratios hold;
# prints a line "NAME median_seconds peak_rss_mb last_output_folder" per NAME.
rounds() {
  local -A times=() peak=() last=()
  local round name secs rss out
  for ((round = 0; round < runs; round++)); do
    for name in "$@"; do
      read -r secs rss out < <(run_config "$name")
      times[$name]+="$secs "
      ((rss > ${peak[$name]:-0})) && peak[$name]=$rss
      last[$name]=$out
    done
  done
  for name in "$@"; do
    echo "$name $(tr ' ' '\n' <<<"${times[$name]}" | grep . | sort -n |
      awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ${peak[$name]:-0} ${last[$name]}"
  done
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
