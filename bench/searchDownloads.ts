/**
 * What one search downloads, in Chromium at 390 px with an empty cache, as bench/site.ts counts it (the files
 * the server was asked for, their sizes on disk, gzip where a host compresses): `node --import tsx
 * bench/searchDownloads.ts FOLDER [QUERY...]`. FOLDER is a published site (search.html, pagefind/ with search.js);
 * the landing page is measured too.
 */
import { measureDownloads } from "./site.ts"

const [folder = "outputs", ...asked] = process.argv.slice(2)
const downloads = await measureDownloads(folder, asked.length > 0 ? asked : undefined)
for (const visit of downloads) {
  process.stdout.write(
    `${visit.what}: ${visit.requests} requests, ${(visit.bytes / 1024).toFixed(0)} KiB, ` +
      `${(visit.gzipBytes / 1024).toFixed(0)} KiB with gzip\n`
  )
  for (const file of visit.files) process.stdout.write(`  ${file}\n`)
}
