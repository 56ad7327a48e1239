/** Types of heapGrowth.js (plain JavaScript: the bin loads it before any TypeScript). */
export declare const HEAP_GROWING_PERCENT: number
export declare const heapGrowthFlag: (
  execArgv: ReadonlyArray<string>,
  nodeOptions: string | undefined
) => string | undefined
