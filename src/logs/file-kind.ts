// What a log file is, from its name and first bytes, decided one way for every reader (the diagnosis's scan
// of logs/ and the log tools' index): gzip by its magic bytes whatever the name, an archive by its name, and
// binary content by NUL bytes near the (decompressed) start. Binary files are reported unless they are
// plainly not logs (images, fonts, executables, compiled code, databases, packet captures): a systemd journal
// or a ".log" full of NULs may hold the very lines that matter, so saying nothing would hide missing evidence.

/** How much of a file's (decompressed) start is looked at for NUL bytes. */
export const HEAD_BYTES = 64 * 1024;
/** Compressed bytes inflated to look at a gzip file's start (at most ~4 MiB out, usually ~40 KiB). */
export const GZIP_HEAD_BYTES = 4 * 1024;

const NOT_A_LOG =
  /\.(?:png|jpe?g|gif|bmp|ico|svg|webp|pdf|woff2?|ttf|otf|eot|exe|dll|so|dylib|o|a|class|pyc|wasm|bin|db|sqlite3?|pcap(?:ng)?|DS_Store)$/i;
const ARCHIVE = /\.(?:tar|tgz|tar\.gz|tar\.bz2|tbz2|tar\.xz|txz|tar\.zst|zip|7z|rar|jar|war)$/i;
const JOURNAL = /\.journal~?$/i;
const TAR_BUNDLE = /\.(?:tar\.gz|tgz|tar)$/i;

export const isGzip = (head: Buffer): boolean => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** An archive inside a bundle: its files are not read through it (each reader says how to have them read). */
export const isArchiveName = (name: string): boolean => ARCHIVE.test(name);

/** The archives the log tools read as a whole bundle when given one (what eks-log-collector.sh writes). */
export const isTarBundleName = (name: string): boolean => TAR_BUNDLE.test(name);

/** Content with a NUL byte in its first HEAD_BYTES: not text. */
export const isBinaryContent = (start: Buffer): boolean => start.subarray(0, HEAD_BYTES).includes(0);

/** Why a file with binary content is not read, or null when it is plainly not a log (said nothing of). */
export function binaryNote(name: string, verb: "scanned" | "read"): string | null {
  if (NOT_A_LOG.test(name)) return null;
  if (JOURNAL.test(name))
    return `systemd journal (binary): not ${verb} — export it as text, e.g. journalctl --file <file> -o short-iso > <file>.txt`;
  return `binary content (NUL bytes near the start): not ${verb} — if it holds logs, convert it to text`;
}
