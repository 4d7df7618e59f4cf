// The summary of one or more bench runs: each row's ratio range (and the values behind it) over the
// runs, and whether its target was met in every run.

const fmt = (n) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const range = (values) => {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? fmt(lo) : `${fmt(lo)}–${fmt(hi)}`;
};

/** Prints the summary of `results` ({ rows, load } per run); returns whether every target was met in every run. */
export function printSummary(results) {
  const labels = [...new Set(results.flatMap((r) => r.rows.map((row) => row.label)))];
  const loads = results.map((r) => r.load);
  console.log(`summary of ${results.length} run(s), load average (1 min) at the end of each run ${range(loads)}:`);
  let allMet = true;
  for (const label of labels) {
    const seen = results.map((r) => r.rows.find((row) => row.label === label)).filter((row) => row !== undefined);
    const { unit, target } = seen[0];
    const ts = range(seen.map((row) => row.ts));
    const node = range(seen.map((row) => row.node));
    if (seen[0].ratio === undefined) {
      console.log(`  ${label.padEnd(50)} posthog-ts ${ts}${unit}   posthog-node ${node}${unit}`);
      continue;
    }
    const ratios = seen.map((row) => row.ratio);
    const met = target === undefined ? undefined : ratios.every((ratio) => ratio >= target);
    if (met === false) allMet = false;
    const verdict = met === undefined ? '' : met ? `  target ≥ ${target}x met in every run` : `  target ≥ ${target}x MISSED in ${ratios.filter((ratio) => ratio < target).length} of ${ratios.length}`;
    console.log(`  ${label.padEnd(50)} ratio ${range(ratios).padStart(11)}x   (posthog-ts ${ts} ${unit}, posthog-node ${node} ${unit})${verdict}`);
  }
  console.log(allMet ? '\nevery target met in every run' : '\nnot every target met in every run (see MISSED above)');
  return allMet;
}
