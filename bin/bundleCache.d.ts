/** Types of bundleCache.js, for the tests that import it (the bin stays plain JavaScript, run by node alone). */
export declare const runFlags: (
  heapFlag: string | undefined,
  execArgv: ReadonlyArray<string>,
  nodeOptions: string | undefined
) => string
export declare const cacheFileOf: (bundlePath: string, bytes: string | Uint8Array, v8Flags: string) => string
export declare const runBundle: (bundlePath: string, v8Flags?: string) => boolean
