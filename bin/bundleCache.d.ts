/** Types of bundleCache.js, for the tests that import it (the bin stays plain JavaScript, run by node alone). */
export declare const runFlags: (
  heapFlag: string | undefined,
  execArgv: ReadonlyArray<string>,
  nodeOptions: string | undefined
) => string
export declare const BUNDLE_SHA256_VARIABLE: string
export declare const bundleSha256: (bytes: string | Uint8Array) => string
export declare const cacheFileOf: (bundlePath: string, sha256: string, v8Flags: string) => string
export declare const runBundle: (bundlePath: string, v8Flags?: string) => boolean
