/**
 * Limits the analyzer applies to what it reads, shared by the language server and the CLI. A document over a
 * limit is not analysed; it gets an MLS012 (analysis-incomplete) finding that names the limit.
 */

/** Largest file or open document analysed, in bytes (UTF-8 on disk; UTF-16 code units × 1 for open documents). */
export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;
