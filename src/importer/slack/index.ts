// Public surface of the Slack importer's pure parts: read the zip, plan the import, render the log.
export { openZip, SlackZipError, SLACK_JSON_MAX_BYTES, type ZipArchive, type ZipEntry } from './zip.ts';
export {
  readSlackExport,
  parseUsers,
  parseChannels,
  parseMessages,
  type LoadedSlackExport,
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
} from './mapper.ts';
