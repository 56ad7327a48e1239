/** The V8 heap-growth factor the bin sets before the bundle loads, unless the user chose one (bin/heapGrowth.js). */
import { describe, expect, it } from "vitest"
import { HEAP_GROWING_PERCENT, heapGrowthFlag } from "../../bin/heapGrowth.js"

describe("heapGrowthFlag", () => {
  it("sets the house factor when nothing chose one", () => {
    expect(heapGrowthFlag([], undefined)).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
    expect(heapGrowthFlag(["--enable-source-maps"], "--max-old-space-size=640")).toBe(
      `--heap-growing-percent=${HEAP_GROWING_PERCENT}`
    )
  })

  it("leaves a factor given on the command line or in NODE_OPTIONS, in either spelling", () => {
    expect(heapGrowthFlag(["--heap-growing-percent=50"], undefined)).toBeUndefined()
    expect(heapGrowthFlag([], "--max-old-space-size=640 --heap_growing_percent=10")).toBeUndefined()
  })
})
