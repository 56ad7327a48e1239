/**
 * What the child processes of this one use (Pagefind's binary, run by the pipeline's search step or by its Node
 * API): each child's peak RSS (VmHWM) and CPU seconds, sampled from /proc every 50 ms (Linux only). A child
 * that lives less than a sample's interval may be missed; Pagefind runs for seconds.
 */
import { readFileSync } from "node:fs"

export interface ChildUsage {
  readonly pid: number
  readonly peakRssMb: number
  readonly cpuSeconds: number
}

const TICKS_PER_SECOND = 100 // USER_HZ on Linux

/** Starts sampling; `stop` ends it and returns each child seen, in the order they were first seen. */
export const sampleChildren = (): { readonly stop: () => ReadonlyArray<ChildUsage> } => {
  const children = new Map<number, { hwmKb: number; cpuS: number }>()
  const sample = () => {
    let pids: Array<number> = []
    try {
      pids = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number)
    } catch {}
    for (const pid of pids) {
      try {
        const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0)
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")
        const cpuS = (Number(stat[11]) + Number(stat[12])) / TICKS_PER_SECOND
        // an exited, not yet reaped process has no VmHWM left: keep the highest mark seen
        children.set(pid, {
          hwmKb: Math.max(hwm, children.get(pid)?.hwmKb ?? 0),
          cpuS: Math.max(cpuS, children.get(pid)?.cpuS ?? 0)
        })
      } catch {}
    }
  }
  const sampler = setInterval(sample, 50)
  return {
    stop: () => {
      clearInterval(sampler)
      return [...children].map(([pid, usage]) => ({
        pid,
        peakRssMb: Math.round(usage.hwmKb / 1024),
        cpuSeconds: usage.cpuS
      }))
    }
  }
}
