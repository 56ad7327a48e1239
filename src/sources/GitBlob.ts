/** Git blob object ids: the SHA-1 git gives a file's bytes, so content can be checked against a listing. */
import { createHash } from "node:crypto"

/** `git hash-object` of the bytes: sha1("blob <length>\0" + bytes), lowercase hex. */
export const gitBlobSha = (bytes: Uint8Array): string =>
  createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex")
