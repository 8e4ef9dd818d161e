#!/usr/bin/env bash
# The project's protocol-compute goal (at most 1/10 of Silence Labs' and 1/8 of 0xCarbon's
# compute), measured in one run: 2-of-2 DKLs23 signing compute, all
# parties in one process, of Silence Labs' and 0xCarbon's WASM builds (bench.mjs, process CPU
# time) against Sigil's SigningCpuBenchmark (CPU time of its one thread, and of its whole process,
# the like-for-like figure), interleaved in rounds
# so that all three see the same machine load. Prints each figure, the ratios WASM median /
# Sigil median per round, and the median over rounds. A benchmark: never part of ./mvnw verify.
#
# usage: testing-utils/wasm-bench/compare.sh [rounds (3)] [sigil signatures (1000)]
#            [sigil warm-up (3000)] [wasm signatures (100)] [wasm warm-up (50)] [--no-build]
# Needs node ≥ 20.19 with npm, and a JDK 25 (.mvn/find-jdk.sh finds it). Set MAVEN_ARGS=-o to
# build offline. --no-build reuses the classpath the previous run wrote.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/../.." && pwd)
build=1
numbers=()
for arg in "$@"; do
  case $arg in
    --no-build) build=0 ;;
    *[!0-9]* | '') echo "compare.sh: not a number: $arg" >&2; exit 2 ;;
    *) numbers+=("$arg") ;;
  esac
done
rounds=${numbers[0]:-3}
sigil_signatures=${numbers[1]:-1000}
sigil_warmup=${numbers[2]:-3000}
wasm_signatures=${numbers[3]:-100}
wasm_warmup=${numbers[4]:-50}

cd "$root"
# shellcheck source=../../.mvn/find-jdk.sh
. "$root/.mvn/find-jdk.sh"
classpath_file="$root/testing-utils/target/wasm-bench-classpath.txt"

if [ ! -d "$bench_dir/node_modules" ]; then
  (cd "$bench_dir" && npm ci --no-audit --no-fund)
fi
if [ "$build" = 1 ] || [ ! -f "$classpath_file" ]; then
  ./mvnw -B -q -pl testing-utils -am test-compile dependency:build-classpath \
      -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
fi

sigil() {
  java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
      -cp "testing-utils/target/test-classes:testing-utils/target/classes:$(cat "$classpath_file")" \
      io.sigil.testing.protocol.bench.SigningCpuBenchmark "$sigil_signatures" "$sigil_warmup"
}

# bench.mjs --json prints one array; the CPU median of its one result.
wasm_median() {
  node -e 'let s = ""; process.stdin.on("data", (d) => s += d).on("end", () =>
      console.log(JSON.parse(s)[0].cpuMillis.median.toFixed(2)))'
}

median() {
  tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print v[int(NR / 2) + 1] }'
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'
}

echo "$(date -u '+%Y-%m-%d %H:%M UTC') $(uptime | sed 's/.*load average/load average/')"
echo "node $(node --version), $(java -version 2>&1 | head -n 1), $(git log -1 --format='Sigil %h')"
echo "rounds $rounds; Sigil $sigil_signatures signatures after $sigil_warmup warm-up;" \
     "WASM $wasm_signatures signatures after $wasm_warmup warm-up"
silence_all='' carbon_all='' sigil_all='' silence_ratios='' carbon_ratios=''
for round in $(seq 1 "$rounds"); do
  echo "round $round:"
  silence_json=$(node "$bench_dir/bench.mjs" --library silence --json "$wasm_signatures" "$wasm_warmup" 2> >(grep -v "^INFO src/lib.rs" >&2))
  silence=$(wasm_median <<<"$silence_json")
  echo "  Silence Labs  CPU median $silence ms"
  carbon_json=$(node "$bench_dir/bench.mjs" --library carbon --json "$wasm_signatures" "$wasm_warmup" 2> >(grep -v "^INFO src/lib.rs" >&2))
  carbon=$(wasm_median <<<"$carbon_json")
  echo "  0xCarbon      CPU median $carbon ms"
  sigil_output=$(sigil)
  sigil_line=$(grep '^2-of-2 signing' <<<"$sigil_output")
  sigil_process_line=$(grep '^whole process' <<<"$sigil_output")
  echo "  Sigil         $sigil_line"
  echo "  Sigil         $sigil_process_line"
  sigil_median=$(sed -n 's/.*median \([0-9.]*\) ms;.*/\1/p' <<<"$sigil_line")
  sigil_process_mean=$(sed -n 's/.*CPU mean \([0-9.]*\) ms per signature.*/\1/p' <<<"$sigil_process_line")
  silence_ratio=$(ratio "$silence" "$sigil_median")
  carbon_ratio=$(ratio "$carbon" "$sigil_median")
  echo "  ratios: Silence Labs / Sigil ${silence_ratio}× (goal ≥ 10), 0xCarbon / Sigil ${carbon_ratio}× (goal ≥ 8)" \
       "| $(uptime | sed 's/.*load average/load average/')"
  echo "  against Sigil's whole-process mean (GC, JIT): Silence Labs $(ratio "$silence" "$sigil_process_mean")×," \
       "0xCarbon $(ratio "$carbon" "$sigil_process_mean")×"
  silence_all+=" $silence" carbon_all+=" $carbon" sigil_all+=" $sigil_median"
  silence_ratios+=" $silence_ratio" carbon_ratios+=" $carbon_ratio"
done
echo "median over $rounds rounds: Silence Labs $(median <<<"$silence_all") ms, 0xCarbon $(median <<<"$carbon_all") ms," \
     "Sigil $(median <<<"$sigil_all") ms; ratios Silence Labs / Sigil $(median <<<"$silence_ratios")×," \
     "0xCarbon / Sigil $(median <<<"$carbon_ratios")×"
