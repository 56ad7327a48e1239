/**
 * The API's two ways of asking, as one union for the planner's steps and the client's requests: every version of
 * one DOI (`details/{server}/{doi}`), or the versions a server posted in a date interval (`details/{server}/{from}/
 * {to}/{cursor}`). A plan step carries what the planner knows of an interval (its DOIs, its estimated pages), a
 * request the page it asks for.
 */
import type { IsoDate } from "../../domain/IsoDate.ts"
import type { RxivServer } from "../../domain/RxivMetadata.ts"

export type RxivCall<IntervalDetail> =
  | { readonly _tag: "Doi"; readonly server: RxivServer; readonly doi: string }
  | ({
      readonly _tag: "Interval"
      readonly server: RxivServer
      readonly from: IsoDate
      readonly to: IsoDate
    } & IntervalDetail)

/** One HTTP call: a DOI, or one page of an interval. */
export type RxivRequest = RxivCall<{ readonly cursor: number }>

/** One step of a request plan: a DOI, or an interval paged through. */
export type RxivStep = RxivCall<{
  /** The DOIs expected in the interval; those it does not list are asked one by one afterwards. */
  readonly dois: ReadonlyArray<string>
  /** Estimated pages: ceil(estimated versions posted / page size). The real count comes with page 0. */
  readonly pages: number
}>
