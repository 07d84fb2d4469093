/**
 * The version of what a word is: the analyzer (text/analyzer.ts), compounds and acronym
 * aliases. Every saved index records the version it was built with; an index built by
 * another version is rebuilt (with a log line saying why), because its terms would no
 * longer meet the query's. Bump it with any change that alters the terms of a text.
 */
export const ANALYZER_VERSION = 1;
