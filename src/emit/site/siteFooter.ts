/**
 * The footer every page carries: where the Chinese texts come from and whose API the metadata comes from. arXiv
 * asks API users for its thank-you line; the bioRxiv/medRxiv API (one API for both servers) is credited when the
 * pipeline reads either server, since its authors, categories and licences are then on the pages too.
 */
import { isRxivServer } from "../../domain/PaperKey.ts"
import type { Pipeline } from "../../domain/Pipeline.ts"

const ARXIV_CREDIT = {
  zh: "arXiv API（CC0）",
  en: "Thank you to arXiv for use of its open access interoperability."
}
const RXIV_CREDIT = {
  zh: '<a href="https://api.biorxiv.org/">bioRxiv/medRxiv API</a>',
  en: "bioRxiv and medRxiv metadata courtesy of the bioRxiv API (api.biorxiv.org)."
}

/** `<footer>` for a page; `source` names the digests' origin, already escaped (a link or plain words). */
export const renderSiteFooter = (pipeline: Pipeline, source: string): string => {
  const credits = [
    ...(pipeline.servers.includes("arxiv") ? [ARXIV_CREDIT] : []),
    ...(pipeline.servers.some(isRxivServer) ? [RXIV_CREDIT] : [])
  ]
  return `<footer class="site"><div class="wrap">
<p>由 digest-feeds 生成。中文标题与摘要来自 ${source}（机器翻译）；元数据来自 ${credits.map((credit) => credit.zh).join("与 ")}。
${credits.map((credit) => credit.en).join(" ")}</p>
</div></footer>`
}
