/** The public surface of the core: adapters and the CLI import from here only. */
export { createPaperboy, memoryEngine, SaveFailed, withSearchTiming, type Paperboy, type PaperboyDeps, type PaperboyIngestOptions } from './paperboy.js';
export { readerOver, type CorpusReader } from './corpus-reader.js';
export { READY, describeStatus, type CorpusStatus } from './corpus-status.js';
export { TrendingQuery, MAX_TRENDING, TRENDING_WINDOW_DAYS, type TrendingRequest } from './trending/trending-query.js';
export { fail, ok, type Result, type UserError, type UserErrorCode } from './result.js';
export { PaperSchema, paperDate, type FeedAppearance, type Paper, type PaperInput } from './model/paper.js';
export { parseArxivId, type ArxivId } from './ids/arxiv-id.js';
export { PaperCollection, type AddResult, type AddStatus, type AddSummary } from './corpus/paper-collection.js';
export { samePaper, canonicalJson } from './corpus/merge-papers.js';
export { MemoryPaperTable } from './corpus/memory-paper-table.js';
export type { PaperTable } from './ports/paper-table.port.js';
export type { IndexChange, IndexWriter, Lexicon, MatchConstraints, MatchRequest, MatchResult, ScoredId, SearchIndex } from './ports/search-index.port.js';
export { formatProblem, type LoadProblem, type LoadResult, type PaperDraft } from './corpus/load-result.js';
export type { LoaderInput } from './corpus/text-lines.js';
export { parseDailyPage, type DailyPageOptions } from './corpus/daily-page-format.js';
export { parsePaperJsonLines, toPaperJsonLines } from './corpus/paper-jsonl-format.js';
export { parseBeirCorpus, parseBeirQueries, parseQrels, type BeirQuery, type Qrels } from './corpus/beir-format.js';
export { detectFormat, dateInFileName, type CorpusFormat } from './corpus/detect-format.js';
export { corpusStats, latestFeedDate, type CorpusStats } from './corpus/corpus-stats.js';
export { SearchEngine, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type SearchHit, type SearchPage, type SearchRequest, type RelatedHit, type RelatedPage } from './search/search-engine.js';
export { MemoryIndex, type SerializedMemoryIndex } from './search/memory-index.js';
export { ANALYZER_VERSION } from './search/analyzer-version.js';
export { Vocabulary, type NearSpelling } from './search/vocabulary.js';
export { AcronymMiner, type AcronymTable } from './search/acronyms.js';
export { acronymAliases } from './search/acronym-aliases.js';
export { type MatchNode, type IndexField, scoringTerms } from './search/match-tree.js';
export { indexedFields, type IndexedFields } from './search/indexed-fields.js';
export { analysePaper, analysisFinder, packAnalyses, unpackAnalysis, withAliases, MAX_INDEXED_AUTHORS, type AnalysedText, type PackedAnalyses, type PaperAnalysis } from './search/paper-analysis.js';
export { RANKED_FIELDS, rankedFieldsOf, scoreTree, type FieldStatistics, type RankedFields } from './search/field-bm25.js';
export { containsRun, nameWordMatches, authorMatches, passesFilters, passesPhrases, textTerms, NO_CONSTRAINTS } from './search/constraints.js';
export { listingDate, listingOrder } from './search/listing-order.js';
export { topK } from './search/top-k.js';
export { analyze, plainWords, termOf } from './text/analyzer.js';
export { cleanText } from './text/clean-text.js';
export { QUERY_STOP_WORDS } from './search/query-stop-words.js';
export { titleKey } from './ids/slug.js';
export { parseQuery, plainQuery, formatQuery, MAX_QUERY_LENGTH, type ParsedQuery } from './search/query-syntax.js';
export { DEFAULT_RANKING, type RankingSettings } from './search/ranking-settings.js';
export type { Snippet } from './search/snippet.js';
export { trendingScore, HALF_LIFE_DAYS, type TeamSignals, type TrendingScore } from './trending/trending-score.js';
export type { TrendingEntry } from './trending/trending.js';
export { evaluate, toTrecRun, RUN_DEPTH, type EvaluationSummary } from './eval/evaluate.js';
export type { Action, ActionKind, Block, CommandInvocation, Message, MessageFile, PaperCard, Visibility } from './messages/message.js';
export { textMessage } from './messages/message.js';
export { withPaperPages } from './messages/paper-pages.js';
export { sourceLabel } from './messages/source-label.js';
export { composeDigest, type ComposedDigest, type DigestInput, type DigestThreadCard } from './digest/compose-digest.js';
export { composeWeeklyDigest, weeklyWindow, WEEKLY_WINDOW_DAYS, type WeeklyDigestInput } from './digest/compose-weekly-digest.js';
export { longDate } from './text/long-date.js';
export { summarize } from './digest/summary.js';
export { changesChannel, COMMANDS, commandNamed, type CommandDefinition } from './commands/command-definitions.js';
export type { CommandContext, CommandServices } from './commands/command-context.js';
export { createCommandService, type CommandService } from './commands/command-service.js';
export { parseCommandText } from './commands/parse-command-text.js';
export {
  subscriptionId,
  SubscriptionSchema,
  isTimeZone,
  normalizeTime,
  MAX_DIGEST_COUNT,
  DIGEST_DAYS,
  WEEKDAYS,
  digestKind,
  type ChannelRef,
  type DigestDays,
  type DigestKind,
  type Subscription,
  type SubscriptionKey,
  type SubscriptionSettings,
  type Weekday,
} from './subscriptions/subscription.js';
export { canonicalTimeZone, suggestTimeZone, timeZoneNames } from './subscriptions/time-zones.js';
export { nextDigestAt, describeWhen } from './subscriptions/next-digest.js';
export type {
  ArchivedDigest,
  ReadingListEntry,
  ChangedPaper,
  NewStoredThread,
  SavedChanges,
  SignalInput,
  SignalKind,
  Slot,
  SlotClaim,
  SlotStatus,
  Storage,
  StoredThread,
  StoredThreadCard,
  TeamSignalsOptions,
} from './ports/storage.port.js';
export { compareMessageIds, type DiscussionThreads, type MessageOrigin, type ThreadReply } from './ports/discussion.port.js';
export type { Logger } from './ports/logger.port.js';
export { silentLogger } from './ports/logger.port.js';
export { systemClock, type Clock } from './ports/clock.port.js';
export { noMetrics, systemStopwatch, type CommandOutcome, type FeedReadOutcome, type MetricsObserver, type Stopwatch } from './ports/metrics.port.js';
export { DeliveryError } from './scheduling/delivery-error.js';
export { localDateOf, zonedInstant } from './scheduling/zoned-time.js';
export { searchJson, relatedJson, trendingJson, paperJson } from './presenters/paper-json.js';
export { trendingFeed, paperRecordUrl, MAX_FEED_AUTHORS, type TrendingFeed, type TrendingFeedEntry, type TrendingFeedOptions } from './presenters/trending-feed.js';
export { fullCard, findPaper } from './commands/lookup-commands.js';
export { ingestLoaded, describeChange, type IngestReport, type IngestChange, type IngestOptions } from './ingest/ingest-report.js';
export { DigestScheduler, type DeliverDigest } from './scheduling/digest-scheduler.js';
export type { Ticker, TickerHandle } from './scheduling/ticker.js';
export { FeedSchedule, ingestInSlices, type FeedRead, type FeedReader, type FeedRun } from './ingest/feed-schedule.js';
export { parseArxivAnnouncements, parseArxivApiFeed, type ArxivAnnouncementOutcome, type ArxivFeedOutcome } from './ingest/arxiv-feed.js';
export { parseHfDailyItems, parseHfDailyPapers } from './ingest/hf-daily-format.js';
export { bibtexEntry, bibtexFile, knownCategory, BIBTEX_MEDIA_TYPE } from './cite/bibtex.js';
export { citationKey, citationYear, uniqueCitationKeys } from './cite/bibtex-key.js';
export { breakCodeFences } from './messages/code-text.js';
export { personalChannel, personKey, personOf, PERSONAL_CHANNEL_PREFIX, type PersonRef } from './personal/person.js';
export { forgottenTotal, type ForgetReport, type PersonPreferences, type QuietHours, type Unreachable } from './personal/preferences.js';
export { FOLLOW_KINDS, MAX_FOLLOWS, type AddFollowOutcome, type Follow, type FollowInput, type FollowKind } from './follows/follow.js';
export { authorKey, authorNamesMatch, nameIndexKeys, namesMatch, parseAuthorName, type AuthorName } from './follows/author-names.js';
export { authorFollow, MAX_TOPIC_WORDS, paperFollow, topicFollow, topicTerms } from './follows/follow-input.js';
export { createFollowMatcher, feedNews, type FeedNews, type FollowMatcher } from './follows/follow-matcher.js';
export { AlertCollector, authorReason, followedName, followedWords, paperTerms, topicReason, versionReason } from './follows/follow-alerts.js';
export type { NewAlert, QueuedAlert } from './alerts/alert.js';
export type { PeopleStore } from './ports/people.port.js';
export { describeQuietHours, firstInstantReading, isQuiet, quietEndsAt, quietSpellAt, quietSpellOf, type QuietSpell } from './personal/quiet-hours.js';
export { ALERT_FOOTER, ALERT_HEADING, composeAlertMessage, MAX_ALERT_CARDS } from './alerts/alert-message.js';
export { AlertDispatcher, DEFAULT_ALERT_LEASE_MS, logMarkedUnreachable, type AlertDispatcherOptions, type AlertPassReport, type DeliverAlert, type SentAlerts } from './alerts/alert-dispatcher.js';
export { composePersonalDigest, PERSONAL_WINDOW_DAYS, type PersonalDigestInput } from './digest/compose-personal-digest.js';
export { FeedAlerts, type FeedAlertsDeps } from './alerts/feed-alerts.js';
export type { SignInLink, TeamPageLinks } from './ports/team-pages.port.js';
export {
  paperPage,
  paperPath,
  problemPage,
  searchPage,
  STYLESHEET,
  STYLESHEET_PATH,
  teamPage,
  teamPath,
  trendingPage,
  WEB_PAGE_SIZE,
  type PageContext,
  type PageProblem,
  type TeamRef,
  type Viewer,
  type WebPage,
  type WebPageDeps,
} from './web/web-pages.js';
