// Public surface of the Slack importer's pure parts: read the zip, plan the import, render the log.
export { openZip, SlackZipError, SLACK_JSON_MAX_BYTES, type ZipArchive, type ZipEntry } from './zip.ts';
export { forEachJsonElement, JsonStreamError } from './json-stream.ts';
export { ImportPlanner, isSupportedMessage } from './stream-planner.ts';
export { SkipSummary, withSkipSummary } from './summary.ts';
export {
  indexSlackZip,
  readSlackExport,
  parseUsers,
  parseChannels,
  parseMessages,
  type LoadedSlackExport,
  type SlackZipIndex,
  type ZipLimits,
  type SlackExport,
  type SlackUser,
  type SlackChannel,
  type SlackMessage,
  type SlackUpload,
} from './parse.ts';
export { slackToMarkdown, unescapeSlack, type MarkupContext } from './markup.ts';
export {
  buildImportPlan,
  channelNamesToCheck,
  formatImportLog,
  importResponseBody,
  type ImportPlan,
  type ExistingState,
  type PlanOptions,
  type PlannedUser,
  type PlannedChannel,
  type PlannedChannelMember,
  type PlannedPreference,
  type PlannedPost,
  type PlannedFile,
  type PlanHooks,
  type SkipKind,
} from './mapper.ts';
