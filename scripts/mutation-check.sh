#!/usr/bin/env bash
# Mutation check (issue 14): applies each hand mutation that once survived the suite to a throwaway git
# worktree of a commit (default HEAD), runs the answer tests there and expects them to FAIL. The tests
# must pass on the unmutated tree first. Never touches the working tree it is started from.
#
#   bash scripts/mutation-check.sh [commit]      (npm run test:mutation)
#
# Exit 0 when every mutation is killed; 1 when one survives, does not apply, or the baseline fails.
# Tests named "[HELPER BUG: ...]" (known bugs, reported) are left out of every run.
set -uo pipefail

root=$(git rev-parse --show-toplevel)
ref=${1:-HEAD}
tests=(test/helpers-answers.test.ts test/context-pin.test.ts)
wt=$(mktemp -d /tmp/kkg-mutation.XXXXXX)
logdir=$(mktemp -d /tmp/kkg-mutation-logs.XXXXXX)

cleanup() {
  git -C "$root" worktree remove --force "$wt" >/dev/null 2>&1 || rm -rf "$wt"
  git -C "$root" worktree prune >/dev/null 2>&1 || true
}
trap cleanup EXIT

git -C "$root" worktree add --quiet --detach "$wt" "$ref" || { echo "mutation-check: cannot create a worktree of $ref" >&2; exit 1; }
ln -s "$root/node_modules" "$wt/node_modules"

run_tests() { # $1: log file
  (cd "$wt" && npx mocha --no-config --node-option import=tsx --timeout 300000 --grep 'HELPER BUG' --invert "${tests[@]}") >"$1" 2>&1
}

# name | file | sed script (each must change the file)
mutations=(
  "timeline without its range FILTER|src/helpers/queries.ts|/\${dateWithin('date', 'from', 'to')}/d"
  "claimsAbout without the object-position branch|src/helpers/queries.ts|s/?prop rdf:subject|rdf:object ?entity ./?prop rdf:subject ?entity ./"
  "actionsAgainst without subsidiaries (group membership only)|src/helpers/queries.ts|s/?t (kg:memberOfGroup|kg:parentOrganization|^kg:subsidiary)\* ?party ./?t kg:memberOfGroup* ?party ./"
  "licensed = modality OR verification|src/data/materialise.ts|s/licensing.has(modality) && licensing.has(verification)/licensing.has(modality) || licensing.has(verification)/"
  "context v2: a typo changes a term's IRI|context/v2.jsonld|s|ontology#Administration\"|ontology#Adminstration\"|"
  "context generator: a typo changes a term's IRI, context regenerated|scripts/vocab-render.ts|s|title: { '@id': \`\${PREFIXES.dcterms}title\` }|title: { '@id': \`\${PREFIXES.dcterms}titel\` }|"
)

status=0
echo "mutation-check: worktree of $(git -C "$wt" rev-parse --short HEAD) at $wt; tests: ${tests[*]}"
if run_tests "$logdir/baseline.log"; then
  echo "baseline            passes ($(grep -Eo '[0-9]+ passing' "$logdir/baseline.log"))"
else
  echo "baseline            FAILS: the tests must pass before mutating (log: $logdir/baseline.log)"
  tail -30 "$logdir/baseline.log"
  exit 1
fi

i=0
for m in "${mutations[@]}"; do
  i=$((i + 1))
  # the sed script may itself contain '|': split on the first two separators only
  name=${m%%|*}; rest=${m#*|}; file=${rest%%|*}; script=${rest#*|}
  git -C "$wt" checkout --quiet -- . && git -C "$wt" clean -fdq -e node_modules
  sed -i "$script" "$wt/$file"
  if git -C "$wt" diff --quiet -- "$file"; then
    echo "mutation $i            DID NOT APPLY: $name ($file)"; status=1; continue
  fi
  if [[ $file == scripts/vocab-render.ts ]]; then
    (cd "$wt" && npx tsx scripts/generate.ts >/dev/null 2>&1) || { echo "mutation $i            generate failed: $name"; status=1; continue; }
  fi
  log="$logdir/mutation-$i.log"
  if run_tests "$log"; then
    echo "mutation $i SURVIVED  $name ($file)"; status=1
  else
    failing=$(grep -Eo '[0-9]+ failing' "$log" || echo 'error')
    echo "mutation $i killed    $name ($file): $failing"
    # mocha's failure list: "  N) <describe>", nested describes, then "<test title>:"
    awk '/^  [0-9]+\) /{while ((getline t) > 0) if (t ~ /:$/) break; sub(/^ +/, "", t); sub(/:$/, "", t); print "                      - " t}' "$log" | head -14
  fi
done
git -C "$wt" checkout --quiet -- .
echo "logs: $logdir"
exit $status
