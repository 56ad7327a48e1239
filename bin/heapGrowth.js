// How much V8's old generation may grow past what survived the last full GC, for the `digest-feeds` process.
// V8 picks the factor from its GC speed, up to 4x: a night that holds about 150 MB live peaked at 503 MB RSS, and
// a cold run at 200,000 papers at 2.3 GB. A fixed, smaller factor keeps the heap in proportion to what the run
// holds, without a cap that a bigger archive would hit (issue #16; README, "Memory"). Plain JavaScript: it must
// act before the bundle loads.

/** Percent of growth past the live set after a full GC (V8's `--heap-growing-percent`). */
export const HEAP_GROWING_PERCENT = 30

/**
 * The V8 flag to set for this process, or undefined when the user already chose a factor on the command line or
 * in NODE_OPTIONS (theirs wins).
 */
export const heapGrowthFlag = (execArgv, nodeOptions) =>
  [...execArgv, nodeOptions ?? ""].some((flags) => /--heap[-_]growing[-_]percent/.test(flags))
    ? undefined
    : `--heap-growing-percent=${HEAP_GROWING_PERCENT}`
