// The one error type of the API and its catalogue: every Mattermost error id Parley answers with, written once with its
// HTTP status and English message, grouped by area. Rendered as Mattermost's AppError JSON
// {id, message, detailed_error, request_id, status_code}.

type Entry = readonly [status: number, message: string];

/** Requests, sessions and the websocket. */
const context = {
  'api.context.404.app_error': [404, 'Sorry, we could not find the page.'],
  'api.context.session_expired.app_error': [401, 'Invalid or expired session, please login again.'],
  'api.context.permissions.app_error': [403, 'You do not have the appropriate permissions.'],
  'api.context.invalid_url_param.app_error': [400, 'Invalid or missing {{.Name}} parameter in request URL.'],
  'api.context.invalid_body_param.app_error': [400, 'Invalid or missing {{.Name}} in request body.'],
  'api.context.request_body_too_large.app_error': [413, 'The request body is too large.'],
  'api.context.token_provided.app_error': [401, 'Session is not OAuth but token was provided in the query string.'],
  'api.web_socket_router.not_authenticated.app_error': [401, 'WebSocket connection is not authenticated. Please log in and try again.'],
  'api.web_socket_router.no_action.app_error': [400, 'No websocket action.'],
  'api.web_socket_router.bad_seq.app_error': [400, 'Invalid sequence for WebSocket message.'],
  'api.web_socket_router.bad_action.app_error': [500, 'Unknown WebSocket action.'],
  'api.websocket_handler.invalid_param.app_error': [400, 'Invalid {{.Name}} parameter.'],
  'api.web_socket.connect.upgrade.app_error': [400, 'Failed to upgrade the websocket connection.'],
  'api.server.internal.app_error': [500, 'An internal error occurred.'],
  'basic_security_check.url.too_long_error': [414, 'URL is too long.'],
} as const;

/** Users, login and passwords. */
const users = {
  'api.user.login.invalid_credentials_email_username': [
    401,
    'Enter a valid email or username and/or password, or sign in using another method.',
  ],
  'api.user.login.inactive.app_error': [401, 'Login failed because your account has been deactivated. Please contact an administrator.'],
  'api.user.login.blank_pwd.app_error': [400, 'Password field must not be blank'],
  'api.user.create_user.signup_email_disabled.app_error': [403, 'User sign-up with email is disabled.'],
  'api.user.create_user.no_open_server': [
    403,
    'This server does not allow open signups. Please speak with your Administrator to receive an invitation.',
  ],
  'api.user.create_user.signup_link_invalid.app_error': [400, 'The signup link does not appear to be valid.'],
  'api.user.create_user.signup_link_expired.app_error': [400, 'The signup link has expired.'],
  'api.user.update_password.incorrect.app_error': [
    400,
    'The "Current Password" you entered is incorrect. Please check that Caps Lock is off and try again.',
  ],
  'app.user.save.username_exists.app_error': [400, 'An account with that username already exists.'],
  'app.user.save.email_exists.app_error': [400, 'An account with that email already exists.'],
  'app.user.missing_account.const': [404, 'Unable to find the user.'],
  'model.user.is_valid.username.app_error': [
    400,
    'Username must begin with a letter, and contain between 3 to 22 lowercase characters made up of numbers, letters, and the symbols ".", "-", and "_".',
  ],
  'model.user.is_valid.email.app_error': [400, 'Please enter a valid email address.'],
  'model.user.is_valid.pwd.app_error': [400, 'Your password must contain at least {{.Min}} characters.'],
  'model.user.is_valid.pwd_lowercase.app_error': [
    400,
    'Your password must contain at least {{.Min}} characters, with at least one lowercase letter.',
  ],
  'model.user.is_valid.pwd_uppercase.app_error': [
    400,
    'Your password must contain at least {{.Min}} characters, with at least one uppercase letter.',
  ],
  'model.user.is_valid.pwd_number.app_error': [400, 'Your password must contain at least {{.Min}} characters, with at least one number.'],
  'model.user.is_valid.pwd_symbol.app_error': [
    400,
    'Your password must contain at least {{.Min}} characters, with at least one symbol (such as "~!@#$%^&*()").',
  ],
  'model.user.is_valid.pwd_lowercase_uppercase.app_error': [
    400,
    'Your password must contain at least {{.Min}} characters, with at least one lowercase letter and one uppercase letter.',
  ],
  'model.user.is_valid.pwd_lowercase_number.app_error': [
    400,
    'Your password must contain at least {{.Min}} characters, with at least one lowercase letter and one number.',
  ],
  'model.user.is_valid.pwd_lowercase_symbol.app_error': [
    400,
    'Your password must contain at least {{.Min}} characters, with at least one lowercase letter and one symbol (such as "~!@#$%^&*()").',
  ],
  'model.user.is_valid.pwd_uppercase_number.app_error': [
    400,
    'Your password must contain at least {{.Min}} characters, with at least one uppercase letter and one number.',
  ],
  'model.user.is_valid.pwd_uppercase_symbol.app_error': [
    400,
    'Your password must contain at least {{.Min}} characters, with at least one uppercase letter and one symbol (such as "~!@#$%^&*()").',
  ],
  'model.user.is_valid.pwd_number_symbol.app_error': [
    400,
    'Your password must contain at least {{.Min}} characters, with at least one number and one symbol (such as "~!@#$%^&*()").',
  ],
  'model.user.is_valid.pwd_lowercase_uppercase_number.app_error': [
    400,
    'Your password must contain at least {{.Min}} characters, with at least one lowercase letter, one uppercase letter and one number.',
  ],
  'model.user.is_valid.pwd_lowercase_uppercase_symbol.app_error': [
    400,
    'Your password must contain at least {{.Min}} characters, with at least one lowercase letter, one uppercase letter and one symbol (such as "~!@#$%^&*()").',
  ],
  'model.user.is_valid.pwd_lowercase_number_symbol.app_error': [
    400,
    'Your password must contain at least {{.Min}} characters, with at least one lowercase letter, one number and one symbol (such as "~!@#$%^&*()").',
  ],
  'model.user.is_valid.pwd_uppercase_number_symbol.app_error': [
    400,
    'Your password must contain at least {{.Min}} characters, with at least one uppercase letter, one number and one symbol (such as "~!@#$%^&*()").',
  ],
  'model.user.is_valid.pwd_lowercase_uppercase_number_symbol.app_error': [
    400,
    'Your password must contain at least {{.Min}} characters, with at least one lowercase letter, one uppercase letter, one number and one symbol (such as "~!@#$%^&*()").',
  ],
  'model.user.is_valid.position.app_error': [400, 'Invalid position: must not be longer than 128 characters.'],
  'model.user.is_valid.nickname.app_error': [400, 'Invalid nickname.'],
  'model.user.is_valid.first_name.app_error': [400, 'Invalid first name.'],
  'model.user.is_valid.last_name.app_error': [400, 'Invalid last name.'],
  'api.user.autocomplete_users.missing_team_id.app_error': [400, 'Team id parameter is required to autocomplete by channel.'],
  'api.user.delete_channel.not_enabled.app_error': [401, 'Permanent channel deletion is not enabled.'],
  'app.user.get_thread_membership_for_user.not_found': [404, 'Unable to find thread membership.'],
  'api.user.create_user.invalid_invitation_type.app_error': [400, 'Invalid invitation type.'],
  'api.user.update_active.not_enable.app_error': [
    401,
    'You cannot deactivate yourself because this feature is not enabled. Please contact your System Administrator.',
  ],
  'api.user.update_active.cannot_modify_status_when_bot.app_error': [400, 'Cannot modify the active status of a bot account.'],
  'api.user.delete_user.not_enabled.app_error': [401, 'Permanent delete feature is not enabled. Please contact your System Administrator.'],
  'api.user.login.bot_login_forbidden.app_error': [401, 'Bot login is forbidden.'],
  'api.user.login.invalid_credentials_email': [401, 'Enter a valid email and/or password, or sign in using another method.'],
  'api.user.login.invalid_credentials_username': [401, 'Enter a valid username and/or password, or sign in using another method.'],
  'api.user.check_user_login_attempts.too_many.app_error': [
    401,
    'This account is locked after too many failed password attempts. Reset the password to sign in again.',
  ],
  'api.user.check_user_password.invalid.app_error': [401, 'The password is not correct.'],
} as const;

/** Teams, members and invitations. */
const teams = {
  'app.team.get.find.app_error': [404, 'Unable to find the existing team.'],
  'app.team.get_by_name.missing.app_error': [404, 'Unable to find the existing team.'],
  'app.team.get_by_invite_id.finding.app_error': [404, 'Unable to find the existing team.'],
  'store.sql_team.save_team.existing.app_error': [400, 'A team with that name already exists'],
  'model.team.is_valid.characters.app_error': [400, 'Name must be 2 or more lowercase alphanumeric characters.'],
  'model.team.is_valid.reserved.app_error': [400, 'This URL is unavailable. Please try another.'],
  'model.team.is_valid.display_name.app_error': [400, 'Display name must be between 1 and 64 characters.'],
  'model.team.is_valid.type.app_error': [400, 'Invalid type.'],
  'model.team.is_valid.description.app_error': [400, 'Invalid description.'],
  'app.team.get_member.missing.app_error': [404, 'No team member found for that user ID and team ID.'],
  'api.team.add_user_to_team.missing_parameter.app_error': [400, 'Parameter required to add user to team.'],
  'api.team.remove_user_from_team.missing.app_error': [400, 'The user does not appear to be part of this team.'],
  'app.team.join_user_to_team.max_accounts.app_error': [
    400,
    'This team has reached the maximum number of allowed accounts. Contact your System Administrator to set a higher limit.',
  ],
  'api.team.join_user_to_team.allowed_domains.app_error': [
    400,
    'Email must be from a specific domain (e.g. @example.com). Please ask your System Administrator for details.',
  ],
  'api.team.is_team_creation_allowed.disabled.app_error': [
    403,
    'Team creation has been disabled. Please ask your System Administrator for details.',
  ],
  'app.team.invite_token.group_constrained.error': [403, 'Unable to join a group-constrained team by token.'],
  'app.team.invite_id.group_constrained.error': [403, 'Unable to join a group-constrained team by invite id.'],
  'api.team.add_user_to_team_from_invite.guest.app_error': [403, 'Guests are restricted from joining teams via invite link.'],
  'api.team.invite_members.disabled.app_error': [501, 'Email invitations are disabled.'],
  'api.team.invite_members.no_one.app_error': [400, 'No one to invite.'],
  'api.team.invite_members.invalid_email.app_error': [
    400,
    'The following email addresses do not belong to an accepted domain: {{.Addresses}}. Please contact your System Administrator for details.',
  ],
  'api.team.invite_members.unable_to_send_email.app_error': [500, 'An error occurred while sending the email.'],
  'api.team.invite_members.unable_to_send_email_with_defaults.app_error': [
    500,
    'SMTP has not been configured (the default server and port are in use), so the email could not be sent.',
  ],
  'api.team.get_invite_info.not_open_team': [403, 'Invite is invalid because this is not an open team.'],
  'api.team.remove_member.group_constrained.app_error': [400, 'Unable to remove a user from a group-constrained team.'],
  'api.team.import_team.parse.app_error': [400, 'Unable to parse multipart form.'],
  'api.team.import_team.no_import_from.app_error': [400, 'Malformed request: importFrom field is not present.'],
  'api.team.import_team.unavailable.app_error': [400, 'Malformed request: filesize field is not present.'],
  'api.team.import_team.integer.app_error': [400, 'Malformed request: filesize is not an integer.'],
  'api.team.import_team.no_file.app_error': [400, 'Malformed request: file field is not present.'],
  'api.team.import_team.array.app_error': [400, 'Malformed request: file is empty.'],
  'api.team.import_team.unknown_import_from.app_error': [400, 'Unknown import source.'],
  'api.team.import_team.in_progress.app_error': [409, 'An import into this team is already running. Try again once it has finished.'],
  'api.team.import_team.busy.app_error': [
    429,
    'Too many imports are running on this server (ImportSettings.ParleyMaxConcurrentImports). Try again later.',
  ],
  'api.team.get_team_icon.read_file.app_error': [404, 'Unable to read the team icon file.'],
} as const;

/** Channels, members and sidebar. */
const channels = {
  'app.channel.get.existing.app_error': [404, 'Unable to find the existing channel.'],
  'app.channel.get_by_name.missing.app_error': [404, 'Channel does not exist.'],
  'store.sql_channel.save_channel.exists.app_error': [400, 'A channel with that name already exists on the same team.'],
  'model.channel.is_valid.display_name.app_error': [400, 'Invalid display name.'],
  'model.channel.is_valid.2_or_more.app_error': [400, 'Name must be 2 or more lowercase alphanumeric characters.'],
  'model.channel.is_valid.type.app_error': [400, 'Invalid type.'],
  'model.channel.is_valid.header.app_error': [400, 'Invalid header.'],
  'model.channel.is_valid.purpose.app_error': [400, 'Invalid purpose.'],
  'api.channel.create_channel.direct_channel.app_error': [
    400,
    'Must use createDirectChannel API service for direct message channel creation.',
  ],
  'api.channel.create_group.bad_size.app_error': [400, 'Group message channels must contain at least 3 and no more than 8 users.'],
  'api.channel.add_user_to_channel.type.app_error': [400, 'Can not add user to this channel type.'],
  'api.channel.add_user.to.channel.failed.deleted.app_error': [
    403,
    'Failed to add user to channel because they have been removed from the team.',
  ],
  'app.channel.get_member.missing.app_error': [404, 'No channel member found for that user ID and channel ID.'],
  'api.channel.update_channel.deleted.app_error': [400, 'The channel has been archived or deleted.'],
  'api.channel.delete_channel.type.invalid': [400, 'Unable to delete direct or group message channels.'],
  'api.channel.delete_channel.deleted.app_error': [400, 'The channel has been archived or deleted.'],
  'api.channel.delete_channel.cannot.app_error': [400, 'Unable to delete the default channel {{.Channel}}.'],
  'api.channel.restore_channel.restored.app_error': [400, 'Unable to unarchive the channel: it is not archived.'],
  'api.channel.restore_channel.unarchive_channel.app_error': [400, 'Unable to unarchive direct or group message channels.'],
  'api.channel.remove_channel_member.type.app_error': [400, 'Unable to remove user from a channel.'],
  'api.channel.remove.default.app_error': [400, 'Unable to remove user from the default channel {{.Channel}}.'],
  'api.channel.remove_member.group_constrained.app_error': [400, 'Unable to remove a user from a group-constrained channel.'],
  'api.channel.update_channel.typechange.app_error': [400, 'Channel type cannot be updated.'],
  'api.channel.update_channel_privacy.default_channel_error': [400, 'The default channel cannot be made private.'],
  'api.channel.convert_channel_to_private.private_channel_error': [400, 'The channel requested to convert is already a private channel.'],
  'api.channel.convert_channel_to_private.default_channel_error': [400, 'This default channel cannot be converted into a private channel.'],
  'app.channel.sidebar_categories.app_error': [404, 'Failed to save the sidebar categories.'],
  'app.channel.sidebar_categories.delete_invalid.app_error': [400, 'Only custom categories can be deleted.'],
} as const;

/** Posts, threads, reactions and search. */
const posts = {
  'app.post.get.app_error': [404, 'Unable to get the post.'],
  'api.post.create_post.root_id.app_error': [400, 'Invalid RootId parameter.'],
  'api.post.create_post.channel_root_id.app_error': [400, 'Invalid ChannelId for RootId parameter.'],
  'api.post.create_post.can_not_post_to_deleted.error': [400, 'Can not post to deleted channel.'],
  'model.post.is_valid.msg.app_error': [400, 'Invalid Message.'],
  'model.post.is_valid.type.app_error': [400, 'Invalid type.'],
  'model.post.is_valid.props.app_error': [400, 'Invalid props.'],
  'api.post.update_post.permissions_details.app_error': [400, 'Already deleted id={{.PostId}}.'],
  'api.post.update_post.find.app_error': [404, 'We could not find the existing post or comment to update.'],
  'api.post.delete_post.can_not_delete_post_in_deleted.error': [400, 'Can not delete a post in a deleted channel.'],
  'api.reaction.save_reaction.invalid.app_error': [400, 'The reaction is not valid.'],
  'api.reaction.save_reaction.user_id.app_error': [403, 'You are not allowed to save a reaction for another user.'],
  'api.reaction.save.archived_channel.app_error': [403, 'You cannot react to posts in an archived channel.'],
  'api.reaction.delete.archived_channel.app_error': [403, 'You cannot remove reactions in an archived channel.'],
  'app.reaction.save.save.too_many_reactions': [400, 'The post has reached the limit of distinct reactions.'],
  'model.reaction.is_valid.emoji_name.app_error': [400, 'Invalid emoji name.'],
  'api.post.update_post.can_not_update_post_in_deleted.error': [400, 'Can not update a post in a deleted channel.'],
  'api.post.search_posts.invalid_body.app_error': [400, 'Unable to parse the request body.'],
  'api.getThreadsForUser.bad_params': [400, 'Before and After parameters to getThreadsForUser are mutually exclusive'],
  'api.getThreadsForUser.bad_only_params': [400, 'OnlyThreads and OnlyTotals parameters to getThreadsForUser are mutually exclusive'],
  'api.post.update_post.permissions_time_limit.app_error': [
    400,
    'Post edit is only allowed for {{.timeLimit}} seconds. Please ask your System Administrator for details.',
  ],
} as const;

/** Files and custom emoji. */
const files = {
  'api.file.attachments.disabled.app_error': [403, 'File attachments have been disabled on this server.'],
  'api.file.upload_file.read_request.app_error': [400, 'Unable to read the uploaded file request.'],
  'api.file.upload_file.too_large_detailed.app_error': [
    413,
    'Unable to upload file {{.Filename}}. {{.Length}} bytes exceeds the maximum allowed {{.Limit}} bytes.',
  ],
  'api.file.upload_file.large_image_detailed.app_error': [400, '{{.Filename}} dimensions are too large and could not be uploaded.'],
  'api.file.upload_file.multiple_channel_ids.app_error': [400, 'Unable to upload files: the request names more than one channel.'],
  'api.file.upload_file.incorrect_number_of_client_ids.app_error': [
    400,
    'Unable to upload files: {{.NumClientIds}} client ids for {{.NumFiles}} files.',
  ],
  'api.file.get_file_thumbnail.no_thumbnail.app_error': [400, 'The file has no thumbnail image.'],
  'api.file.get_file_preview.no_preview.app_error': [400, 'The file has no preview image.'],
  'api.file.get_public_link.disabled.app_error': [403, 'Public links have been disabled.'],
  'api.file.get_public_link.no_post.app_error': [
    400,
    'Unable to get a public link for the file: it must be attached to a post that can be read.',
  ],
  'api.file.get_file.public_invalid.app_error': [400, 'The public link does not appear to be valid.'],
  'api.file.file_reader.app_error': [404, 'Unable to read the file.'],
  'app.file_info.get.app_error': [404, 'Unable to get the file info.'],
  'api.emoji.disabled.app_error': [501, 'Custom emoji have been disabled by the system admin.'],
  'api.emoji.create.too_large.app_error': [413, 'Unable to create emoji. The image must be less than 1 MB in size.'],
  'api.emoji.create.parse.app_error': [400, 'Unable to create emoji. Could not understand the request.'],
  'api.emoji.create.duplicate.app_error': [400, 'Unable to create emoji. Another emoji with the same name already exists.'],
  'api.emoji.create.other_user.app_error': [403, 'Invalid user id.'],
  'api.emoji.create.no_file.app_error': [400, 'Unable to create emoji. The image is missing.'],
  'api.emoji.upload.image.app_error': [400, 'Unable to create emoji. The file must be a PNG, JPEG, GIF or WebP image.'],
  'api.emoji.get_image.read.app_error': [404, 'Unable to read the emoji image.'],
  'model.emoji.name.app_error': [400, 'Name must be 1 to 64 lowercase alphanumeric characters.'],
  'app.emoji.get.no_result': [404, 'Unable to find the emoji.'],
  'app.emoji.get_by_name.no_result': [404, 'Unable to find the emoji.'],
  'api.emoji.get_multiple_by_name_too_many.request_error': [
    400,
    'Unable to get that many emojis by name. Only 200 emojis can be requested at once.',
  ],
} as const;

/** Preferences and roles. */
const prefs = {
  'app.role.get_by_name.app_error': [404, 'Unable to get role.'],
  'app.role.get.app_error': [404, 'Unable to get role.'],
} as const;

/** Configuration, license and import. */
const system = {
  'api.slackimport.slack_import.failed.app_error': [400, 'The Slack import failed; nothing was imported.'],
  'api.slackimport.slack_import.json.app_error': [400, 'Unable to parse {{.Filename}} in the Slack export.'],
  'api.slackimport.slack_import.zip.app_error': [400, 'Unable to read the Slack export: it is not a valid zip file.'],
  'api.slackimport.slack_import.zip.too_large.app_error': [
    400,
    'The Slack export decompresses to more than {{.Max}} bytes (ImportSettings.ParleyMaxDecompressedBytes).',
  ],
  'api.slackimport.slack_import.zip.ratio.app_error': [
    400,
    'The file {{.Filename}} in the Slack export is compressed more than {{.Max}} times (ImportSettings.ParleyMaxCompressionRatio) and was refused.',
  ],
  'api.slackimport.slack_import.zip.entries.app_error': [
    400,
    'The Slack export holds more than {{.Max}} files (ImportSettings.ParleyMaxEntries).',
  ],
  'model.config.is_valid.site_url.app_error': [400, 'Site URL must be a valid URL and start with http:// or https://.'],
  'model.config.is_valid.listen_address.app_error': [400, 'Invalid listen address for service settings. Must be set.'],
  'model.config.is_valid.max_payload_size.app_error': [
    400,
    'Invalid max payload size for service settings. Must be a whole number greater than zero.',
  ],
  'model.config.is_valid.session_length.app_error': [400, 'Invalid session length. Must be a whole number greater than zero.'],
  'model.config.is_valid.max_users.app_error': [400, 'Invalid maximum users per team for team settings. Must be a positive number.'],
  'model.config.is_valid.max_channels.app_error': [400, 'Invalid maximum channels per team for team settings. Must be a positive number.'],
  'model.config.is_valid.max_notify_per_channel.app_error': [
    400,
    'Invalid maximum notifications per channel for team settings. Must be a positive number.',
  ],
  'model.config.is_valid.restrict_direct_message.app_error': [400, 'Invalid direct message restriction. Must be "any" or "team".'],
  'model.config.is_valid.teammate_name_display.app_error': [
    400,
    'Invalid teammate display. Must be "full_name", "nickname_full_name" or "username".',
  ],
  'model.config.is_valid.sitename_length.app_error': [400, 'Site name must be less than or equal to {{.MaxLength}} characters.'],
  'model.config.is_valid.max_file_size.app_error': [
    400,
    'Invalid max file size for file settings. Must be a whole number greater than zero.',
  ],
  'model.config.is_valid.email_security.app_error': [
    400,
    'Invalid connection security for email settings. Must be "", "TLS", or "STARTTLS".',
  ],
  'model.config.is_valid.email_timeout.app_error': [400, 'Invalid SMTP server timeout. Must be a whole number greater than zero.'],
  'model.config.is_valid.smtp_port.app_error': [400, 'Invalid SMTP port for email settings. Must be a number.'],
  'model.config.is_valid.feedback_email.app_error': [400, 'Invalid notification email address for email settings.'],
  'model.config.is_valid.password_length.app_error': [
    400,
    'Minimum password length must be a whole number greater than or equal to {{.MinLength}} and less than or equal to {{.MaxLength}}.',
  ],
  'model.config.is_valid.password_hash_cost.app_error': [400, 'Invalid password hashing work factor. Must be a positive number.'],
  'model.config.is_valid.login_attempts.app_error': [
    400,
    'Invalid maximum login attempts for service settings. Must be a positive number.',
  ],
  'model.config.is_valid.file_salt.app_error': [400, 'Invalid public link salt for file settings. Must be 32 characters or more.'],
  'model.config.is_valid.encrypt_sql.app_error': [400, 'Invalid at rest encrypt key for SQL settings. Must be 32 characters or more.'],
  'model.config.is_valid.rate_sec.app_error': [400, 'Invalid per second for rate limit settings. Must be a positive number.'],
  'model.config.is_valid.max_burst.app_error': [400, 'Maximum burst size must be greater than zero.'],
  'model.config.is_valid.rate_mem.app_error': [400, 'Invalid memory store size for rate limit settings. Must be a positive number.'],
  'model.config.is_valid.parley_json_limits.app_error': [
    400,
    'Invalid JSON limits for service settings. The depth must be between 1 and {{.MaxDepth}}, the key and array limits positive.',
  ],
  'model.config.is_valid.parley_sqlite_synchronous.app_error': [
    400,
    'Invalid SQLite synchronous mode for SQL settings. Must be "FULL", "NORMAL" or "EXTRA".',
  ],
  'api.config.client.old_format.app_error': [
    501,
    'New format for the client configuration is not supported yet. Please specify format=old in the query string.',
  ],
  'api.license.client.old_format.app_error': [
    501,
    'New format for the client license is not supported yet. Please specify format=old in the query string.',
  ],
} as const;

/** Profile pictures (web app engineer). */
const profileImages = {
  'api.user.upload_profile_user.parse.app_error': [400, 'Could not parse multipart form.'],
  'api.user.upload_profile_user.no_file.app_error': [400, 'No file under "image" in request.'],
  'api.user.upload_profile_user.too_large.app_error': [413, 'Unable to upload profile image. File is too large.'],
  'api.user.upload_profile_user.decode.app_error': [400, 'Could not decode profile image.'],
} as const;

/** Every id Parley answers with: `appError(id, where)` takes its status and message from here. */
export const ERRORS = {
  ...context,
  ...users,
  ...teams,
  ...channels,
  ...posts,
  ...files,
  ...prefs,
  ...system,
  ...profileImages,
} satisfies Record<string, Entry>;
export type ErrorId = keyof typeof ERRORS;

function render(template: string, params?: Record<string, unknown>): string {
  if (!params) return template;
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, k: string) => String(params[k] ?? ''));
}

export interface AppErrorOptions {
  params?: Record<string, unknown>;
  detailed?: string;
  message?: string;
}

export class AppError extends Error {
  readonly id: string;
  readonly statusCode: number;
  readonly where: string;
  readonly detailed: string;
  readonly params?: Record<string, unknown>;

  /** Prefer `appError(id, where)`: this form is for ids that arrive at run time (a status of another source). */
  constructor(where: string, id: string, statusCode: number, opts: AppErrorOptions = {}) {
    const entry = (ERRORS as Record<string, Entry>)[id];
    super(opts.message ?? render(entry?.[1] ?? id, opts.params));
    this.id = id;
    this.statusCode = statusCode;
    this.where = where;
    this.detailed = opts.detailed ?? '';
    this.params = opts.params;
  }

  toJSON(requestId: string, withDetails: boolean) {
    return {
      id: this.id,
      message: this.message,
      detailed_error: withDetails ? this.detailed : '',
      request_id: requestId,
      status_code: this.statusCode,
    };
  }
}

/** The error `id` of the catalogue, raised in `where` (Mattermost's function name, for the log). */
export function appError(id: ErrorId, where: string, opts: AppErrorOptions = {}): AppError {
  return new AppError(where, id, ERRORS[id][0], opts);
}

/** The common refusals, so handlers do not repeat ids and parameters. */
export const Errors = {
  notFoundRoute: (url: string) =>
    appError('api.context.404.app_error', 'Handle404', { detailed: `There doesn't appear to be an api call for the url='${url}'.` }),
  sessionExpired: (where = 'ServeHTTP', detailed = '') => appError('api.context.session_expired.app_error', where, { detailed }),
  forbidden: (where: string, userId: string, permission: string) =>
    appError('api.context.permissions.app_error', where, { detailed: `userId=${userId}, permission=${permission}` }),
  invalidUrlParam: (name: string) => appError('api.context.invalid_url_param.app_error', 'Context', { params: { Name: name } }),
  invalidBodyParam: (name: string) => appError('api.context.invalid_body_param.app_error', 'Context', { params: { Name: name } }),
  tooLarge: () => appError('api.context.request_body_too_large.app_error', 'Context'),
};
