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
  // Accounts (issue 13): password reset, e-mail verification, MFA.
  'api.user.send_password_reset.sso.app_error': [400, 'Cannot reset password for SSO accounts.'],
  'api.user.send_password_reset.send.app_error': [500, 'Failed to send password reset email successfully.'],
  'api.user.reset_password.invalid_link.app_error': [400, 'The reset password link does not appear to be valid.'],
  'api.user.reset_password.broken_token.app_error': [400, 'The reset password token is invalid.'],
  'api.user.reset_password.link_expired.app_error': [400, 'The password reset link has expired.'],
  'api.user.reset_password.sso.app_error': [400, 'Cannot reset password for SSO accounts.'],
  'api.user.update_password.oauth.app_error': [400, 'Update password failed because the user is logged in through an OAuth service.'],
  'api.user.update_password.context.app_error': [403, 'Update password failed because context user_id did not match props user_id.'],
  'api.user.verify_email.bad_link.app_error': [400, 'Bad verify email link.'],
  'api.user.login.not_verified.app_error': [401, 'Login failed because email address has not been verified.'],
  'mfa.mfa_disabled.app_error': [501, 'Multi-factor authentication has been disabled on this server.'],
  'api.context.mfa_required.app_error': [403, 'Multi-factor authentication is required on this server.'],
  'mfa.generate_qr_code.create_code.app_error': [500, 'Error generating QR code.'],
  'mfa.activate.bad_token.app_error': [401, 'Invalid MFA token.'],
  'api.user.activate_mfa.email_and_ldap_only.app_error': [400, 'MFA is not available for this account type.'],
  'mfa.validate_token.authenticate.app_error': [400, 'Invalid MFA token.'],
  'api.user.check_user_mfa.bad_code.app_error': [401, 'Invalid MFA token.'],
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
  'api.drafts.disabled.app_error': [501, 'Synced drafts are turned off on this server.'],
  'api.draft.create_draft.can_not_draft_to_deleted.error': [400, 'A draft cannot be saved in an archived channel.'],
  'model.draft.is_valid.message_length.app_error': [400, 'The draft is too long: {{.Length}} characters, at most {{.MaxLength}}.'],
  'model.draft.is_valid.channel_id.app_error': [400, 'The draft has an invalid channel id.'],
  'model.draft.is_valid.root_id.app_error': [400, 'The draft has an invalid thread root id.'],
  'model.draft.is_valid.file_ids.app_error': [400, 'The draft has invalid or too many file ids.'],
  'model.draft.is_valid.props.app_error': [400, 'The draft has invalid props.'],
  'model.draft.is_valid.priority.app_error': [400, 'The draft has an invalid priority.'],
  'api.post.link_preview_disabled.app_error': [501, 'Link previews have been disabled by the system administrator.'],
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

/** Webhooks, interactive messages and dialogs (integrations engineer: hooks). */
const integrations = {
  'api.context.invalid_param.app_error': [400, 'Invalid {{.Name}} parameter.'],
  'api.incoming_webhook.disabled.app_error': [501, 'Incoming webhooks have been disabled by the system admin.'],
  'api.incoming_webhook.invalid_username.app_error': [400, 'Invalid username.'],
  'api.outgoing_webhook.disabled.app_error': [501, 'Outgoing webhooks have been disabled by the system admin.'],
  'app.webhooks.get_incoming.app_error': [404, 'Unable to get the webhook.'],
  'app.webhooks.get_outgoing.app_error': [404, 'Unable to get the webhook.'],
  'api.webhook.team_mismatch.app_error': [400, 'Could not update webhook across teams.'],
  'api.webhook.create_outgoing.permissions.app_error': [403, 'Invalid permissions to create outgoing webhook.'],
  'api.webhook.create_outgoing.triggers.app_error': [400, 'Either trigger_words or channel_id must be set.'],
  'api.webhook.create_outgoing.intersect.app_error': [
    500,
    'Outgoing webhooks from the same channel cannot have the same trigger words/callback URLs.',
  ],
  'api.webhook.create_outgoing.not_open.app_error': [403, 'Outgoing webhooks can only be created for public channels.'],
  'api.webhook.update_outgoing.intersect.app_error': [
    400,
    'Outgoing webhooks from the same channel cannot have the same trigger words/callback URLs.',
  ],
  'model.incoming_hook.user_id.app_error': [400, 'Invalid user id.'],
  'model.incoming_hook.channel_id.app_error': [400, 'Invalid channel id.'],
  'model.incoming_hook.team_id.app_error': [400, 'Invalid team ID.'],
  'model.incoming_hook.display_name.app_error': [400, 'Invalid display name.'],
  'model.incoming_hook.description.app_error': [400, 'Invalid description.'],
  'model.incoming_hook.username.app_error': [400, 'Invalid username.'],
  'model.incoming_hook.icon_url.app_error': [400, 'Invalid icon.'],
  'model.incoming_hook.parse_data.app_error': [400, 'Unable to parse incoming data.'],
  'model.outgoing_hook.is_valid.user_id.app_error': [400, 'Invalid user id.'],
  'model.outgoing_hook.is_valid.channel_id.app_error': [400, 'Invalid channel id.'],
  'model.outgoing_hook.is_valid.team_id.app_error': [400, 'Invalid team id.'],
  'model.outgoing_hook.is_valid.words.app_error': [400, 'Invalid trigger words.'],
  'model.outgoing_hook.is_valid.trigger_words.app_error': [400, 'Invalid trigger words.'],
  'model.outgoing_hook.is_valid.callback.app_error': [400, 'Invalid callback urls.'],
  'model.outgoing_hook.is_valid.url.app_error': [
    400,
    'Invalid callback urls. Each must be a valid URL and start with http:// or https://.',
  ],
  'model.outgoing_hook.is_valid.display_name.app_error': [400, 'Invalid display name.'],
  'model.outgoing_hook.is_valid.description.app_error': [400, 'Invalid description.'],
  'model.outgoing_hook.is_valid.content_type.app_error': [400, 'Invalid value for content_type.'],
  'model.outgoing_hook.username.app_error': [400, 'Invalid username.'],
  'model.outgoing_hook.icon_url.app_error': [400, 'Invalid icon.'],
  'web.incoming_webhook.disabled.app_error': [501, 'Incoming webhooks have been disabled by the system admin.'],
  'web.incoming_webhook.invalid.app_error': [400, 'Invalid webhook.'],
  'web.incoming_webhook.text.app_error': [400, 'No text specified.'],
  'web.incoming_webhook.user.app_error': [400, "Couldn't find the user."],
  'web.incoming_webhook.channel.app_error': [404, "Couldn't find the channel."],
  'web.incoming_webhook.channel_locked.app_error': [403, 'This webhook is not permitted to post to the requested channel.'],
  'web.incoming_webhook.permissions.app_error': [403, 'Inappropriate channel permissions.'],
  'web.incoming_webhook.split_props_length.app_error': [400, 'Unable to split webhook props into {{.Max}} character parts.'],
  'api.post.create_webhook_post.creating.app_error': [500, 'Error creating post.'],
  'api.post.do_action.action_id.app_error': [404, 'Invalid action id.'],
  'api.post.do_action.action_integration.app_error': [400, 'Action integration error.'],
  'interactive_message.decode_trigger_id.base64_decode_failed': [400, 'Failed to decode base64 for trigger ID for interactive dialog.'],
  'interactive_message.decode_trigger_id.missing_data': [400, 'Trigger ID missing required data for interactive dialog.'],
  'interactive_message.decode_trigger_id.expired': [
    400,
    'Trigger ID for interactive dialog is expired. Trigger IDs live for a maximum of {{.Seconds}} seconds.',
  ],
  'interactive_message.decode_trigger_id.verify_signature_failed': [
    400,
    'Signature verification failed for trigger ID for interactive dialog.',
  ],
} as const;

/** Slash commands: the command API, /commands/execute, response_url hooks and command validation. */
const commands = {
  'api.command.disabled.app_error': [501, 'Commands have been disabled by the system admin.'],
  'api.command.duplicate_trigger.app_error': [400, 'This trigger word is already in use. Please choose another word.'],
  'api.command.team_mismatch.app_error': [400, 'Unable to update commands across teams.'],
  'api.command.move_command.creator_no_permission.app_error': [400, 'No permission to move command'],
  'api.command.command_post.forbidden.app_error': [403, 'Specified user is not a member of specified channel.'],
  'api.command.execute_command.start.app_error': [400, 'No command trigger found.'],
  'api.command.execute_command.format.app_error': [400, 'Command trigger word is missing the leading slash character'],
  'api.command.execute_command.deleted.error': [400, 'Can not run command in deleted channel.'],
  'api.command.execute_command.restricted_dm.error': [400, 'Cannot post in a restricted DM'],
  'api.command.execute_command.not_found.app_error': [
    404,
    'Command with a trigger of \'{{.Trigger}}\' not found. To send a message beginning with "/", try adding an empty space at the beginning of the message.',
  ],
  'api.command.execute_command.failed.app_error': [500, "Command with a trigger of '{{.Trigger}}' failed."],
  'api.command.execute_command.failed_empty.app_error': [500, "Command with a trigger of '{{.Trigger}}' returned an empty response."],
  'api.command.execute_command.failed_resp.app_error': [500, "Command with a trigger of '{{.Trigger}}' returned response {{.Status}}."],
  'api.command.execute_command.create_post_failed.app_error': [
    500,
    "Command '{{.Trigger}}' failed to post response. Please contact your System Administrator.",
  ],
  'api.command.execute_command.site_url_required.app_error': [400, 'SiteURL must be configured to use slash commands'],
  'store.sql_command.get.missing.app_error': [404, 'Command does not exist.'],
  'store.sql_command.save.get.app_error': [404, 'Unable to get the command.'],
  'store.sql_command.update.missing.app_error': [404, 'Command does not exist.'],
  'app.command_webhook.get.missing': [404, 'Unable to find the webhook.'],
  'app.command_webhook.try_use.invalid': [400, 'Invalid webhook.'],
  'web.command_webhook.parse.app_error': [400, 'Unable to parse incoming data.'],
  'web.command_webhook.command.app_error': [400, "Couldn't find the command."],
  'model.command.is_valid.trigger.app_error': [400, 'Invalid trigger.'],
  'model.command.is_valid.url.app_error': [400, 'Invalid URL.'],
  'model.command.is_valid.url_http.app_error': [400, 'Invalid URL. Must be a valid URL and start with http:// or https://'],
  'model.command.is_valid.method.app_error': [400, 'Invalid Method.'],
  'model.command.is_valid.display_name.app_error': [400, 'Invalid title.'],
  'model.command.is_valid.description.app_error': [400, 'Invalid description.'],
  'model.command.is_valid.team_id.app_error': [400, 'Invalid team ID.'],
  'model.command.is_valid.user_id.app_error': [400, 'Invalid user ID.'],
  'model.command.is_valid.autocomplete_data.app_error': [400, 'Invalid AutocompleteData'],
  'model.command.is_valid.username.app_error': [400, 'Invalid username: at most 64 characters.'],
  'model.command.is_valid.icon_url.app_error': [400, 'Invalid icon URL: at most 1024 characters.'],
} as const;

/** Every id Parley answers with: `appError(id, where)` takes its status and message from here. */
/** Languages. */
const i18n = {
  'model.user.is_valid.locale.app_error': [400, 'Invalid locale.'],
  'utils.config.supported_server_locale.app_error': [400, 'LocalizationSettings.DefaultServerLocale must be a supported locale.'],
  'utils.config.supported_client_locale.app_error': [400, 'LocalizationSettings.DefaultClientLocale must be a supported locale.'],
  'utils.config.supported_available_locales.app_error': [400, 'LocalizationSettings.AvailableLocales must list only supported locales.'],
  'utils.config.add_client_locale.app_error': [400, 'LocalizationSettings.AvailableLocales must include DefaultClientLocale.'],
} as const;

/** Bot accounts, personal access tokens and the OAuth 2.0 provider. */
const botsAndOAuth = {
  'api.bot.create_disabled': [403, 'Bot creation has been disabled.'],
  'store.sql_bot.get.missing.app_error': [404, 'Bot does not exist.'],
  'model.bot.is_valid.username.app_error': [400, 'Invalid username.'],
  'model.bot.is_valid.description.app_error': [400, 'Invalid description.'],
  'model.bot.is_valid.display_name.app_error': [400, 'Invalid display name.'],
  'api.bot.set_bot_icon_image.no_file.app_error': [400, 'No file under "image" in request.'],
  'api.bot.set_bot_icon_image.parse.app_error': [400, 'Unable to parse the icon: it must be an SVG image.'],
  'api.bot.get_bot_icon_image.read.app_error': [404, 'Unable to read the icon image file.'],
  'app.user_access_token.disabled': [
    501,
    'Personal access tokens are disabled on this server. Please contact your system administrator for details.',
  ],
  'app.user_access_token.invalid_or_missing': [401, 'Invalid or missing token.'],
  'app.user_access_token.expired': [401, 'The personal access token has expired.'],
  'app.user_access_token.get_by_user.app_error': [404, 'Unable to get user access tokens by user from the store.'],
  'model.user_access_token.is_valid.description.app_error': [400, 'Invalid description, must be 255 or less characters.'],
  'model.user_access_token.is_valid.expires_at.app_error': [400, 'Invalid expiry time.'],
  'api.oauth.register_oauth_app.turn_off.app_error': [501, 'The system admin has turned off OAuth2 Service Provider.'],
  'api.oauth.allow_oauth.turn_off.app_error': [501, 'The system admin has turned off OAuth2 Service Provider.'],
  'api.oauth.authorize_oauth.disabled': [501, 'The system admin has turned off OAuth2 Service Provider.'],
  'api.oauth.allow_oauth.redirect_callback.app_error': [
    400,
    'invalid_request: Supplied redirect_uri did not match registered callback_url.',
  ],
  'api.command.admin_only.app_error': [403, 'Only an admin can do this.'],
  'app.oauth.get_app.find.app_error': [404, 'Unable to find the requested app.'],
  'model.oauth.is_valid.name.app_error': [400, 'Invalid name.'],
  'model.oauth.is_valid.description.app_error': [400, 'Invalid description.'],
  'model.oauth.is_valid.callback.app_error': [400, 'Callback URL must be a valid URL and start with http:// or https://.'],
  'model.oauth.is_valid.homepage.app_error': [400, 'Homepage must be a valid URL and start with http:// or https://.'],
  'model.oauth.is_valid.icon_url.app_error': [400, 'Icon URL must be a valid URL and start with http:// or https://.'],
  'model.oauth.is_valid.mattermost_app_id.app_error': [400, 'Max length for MattermostAppID is 32 characters.'],
  'model.authorize.is_valid.client_id.app_error': [400, 'Invalid client id.'],
  'model.authorize.is_valid.response_type.app_error': [400, 'Invalid response type.'],
  'model.authorize.is_valid.redirect_uri.app_error': [400, 'Invalid redirect uri.'],
  'model.authorize.is_valid.state.app_error': [400, 'Invalid state.'],
  'model.authorize.is_valid.scope.app_error': [400, 'Invalid scope.'],
  'model.authorize.is_valid.code_challenge.app_error': [400, 'Invalid code challenge.'],
  'model.authorize.is_valid.code_challenge_method.app_error': [400, 'Invalid code challenge method.'],
  'model.authorize.is_valid.code_challenge_method.unsupported.app_error': [400, 'Unsupported code challenge method; use S256.'],
  'model.authorize.is_valid.code_challenge.length.app_error': [400, 'The code challenge must be 43 to 128 characters.'],
  'model.authorize.is_valid.code_challenge.format.app_error': [400, 'The code challenge must be base64url.'],
  'model.authorize.validate_pkce.verifier_required.app_error': [400, 'A code verifier is required.'],
  'model.authorize.validate_pkce.verification_failed.app_error': [400, 'The code verifier does not match the code challenge.'],
  'model.authorize.validate_pkce.not_used_in_auth.app_error': [400, 'A code verifier was given but the authorization used no PKCE.'],
  'api.oauth.get_access_token.missing_code.app_error': [400, 'invalid_request: Missing code.'],
  'api.oauth.get_access_token.missing_refresh_token.app_error': [400, 'invalid_request: Missing refresh_token.'],
  'api.oauth.get_access_token.bad_grant.app_error': [400, 'invalid_request: Bad grant_type.'],
  'api.oauth.get_access_token.bad_client_id.app_error': [400, 'invalid_request: Bad client_id.'],
  'api.oauth.get_access_token.bad_client_secret.app_error': [400, 'invalid_request: Missing client_secret.'],
  'api.oauth.get_access_token.disabled.app_error': [501, 'The system admin has turned off OAuth2 Service Provider.'],
  'api.oauth.get_access_token.credentials.app_error': [404, 'invalid_client: Invalid client credentials.'],
  'api.oauth.get_access_token.expired_code.app_error': [400, 'invalid_grant: Invalid or expired authorization code.'],
  'api.oauth.get_access_token.redirect_uri.app_error': [
    400,
    'invalid_request: Supplied redirect_uri does not match authorization code redirect_uri.',
  ],
  'api.oauth.get_access_token.internal_user.app_error': [
    404,
    'server_error: Encountered internal server error while pulling user from database.',
  ],
  'api.oauth.get_access_token.refresh_token.app_error': [404, 'invalid_grant: Invalid refresh token.'],
} as const;

/** Every id Parley answers with: `appError(id, where)` takes its status and message from here. */
/** Notifications: channel and user notify props, push acknowledgements. */
const notifications = {
  'model.channel_member.is_valid.notify_level.app_error': [400, 'Invalid notify level.'],
  'model.channel_member.is_valid.push_level.app_error': [400, 'Invalid push notification level.'],
  'model.channel_member.is_valid.unread_level.app_error': [400, 'Invalid mark unread level.'],
  'model.channel_member.is_valid.email_value.app_error': [400, 'Invalid email notification value.'],
  'model.channel_member.is_valid.ignore_channel_mentions_value.app_error': [400, 'Invalid ignore channel mentions status.'],
  'model.channel_member.is_valid.channel_auto_follow_threads_value.app_error': [400, 'Invalid channel-auto-follow-threads value.'],
  'model.channel_member.is_valid.notify_props.app_error': [400, 'Notify props size limit exceeded.'],
  'model.user.is_valid.notify_props.app_error': [400, 'Invalid notify props: {{.Key}}.'],
  'api.push_notifications_ack.message.parse.app_error': [400, 'An error occurred building the push notification ack message.'],
  'api.push_notification.disabled.app_error': [501, 'Push Notifications are disabled on this server.'],
  'api.push_notifications_ack.forward.app_error': [500, 'An error occurred sending the receipt delivery to the push notification service.'],
  'api.system.id_loaded.not_available.app_error': [302, 'ID Loaded Push Notifications are not configured or supported on this server.'],
  'api.preference.quiet_hours.invalid.app_error': [400, 'Invalid quiet hours schedule.'],
  'model.config.is_valid.email_batching_buffer_size.app_error': [
    400,
    'Invalid email batching buffer size for email settings. Must be zero or a positive number.',
  ],
  'model.config.is_valid.email_batching_interval.app_error': [
    400,
    'Invalid email batching interval for email settings. Must be 30 seconds or more.',
  ],
  'model.config.is_valid.email_notification_contents_type.app_error': [
    400,
    "Invalid email notification contents type for email settings. Must be one of either 'full' or 'generic'.",
  ],
  'model.config.is_valid.push_notification_contents.app_error': [400, 'Invalid push notification contents type.'],
} as const;

/** Administration: roles, team and user administration, custom status, guests, permission schemes. */
const admin = {
  'app.role.check_roles_exist.role_not_found': [400, 'The provided role does not exist'],
  'app.user.update.lastAdmin.app_error': [400, 'You cannot remove the role of the last system admin.'],
  'api.user.update_user_roles.license.app_error': [400, 'Custom permission schemes not supported by current license'],
  'api.channel.update_team_member_roles.scheme_role.app_error': [
    400,
    'The provided role is managed by a Scheme and therefore cannot be applied directly to a Team Member',
  ],
  'api.channel.update_channel_member_roles.scheme_role.app_error': [
    400,
    'The provided role is managed by a Scheme and therefore cannot be applied directly to a Channel Member',
  ],
  'api.team.update_team_member_roles.guest_and_user.app_error': [
    400,
    'Invalid team member update: A user must be a guest or a user but not both.',
  ],
  'api.channel.update_channel_member_roles.guest_and_user.app_error': [
    400,
    'Invalid channel member update: A user must be a guest or a user but not both.',
  ],
  'api.team.update_team_member_roles.changing_guest_role.app_error': [
    400,
    "Invalid team member update: You can't add or remove the guest role manually.",
  ],
  'api.channel.update_channel_member_roles.changing_guest_role.app_error': [
    400,
    "Invalid channel member update: You can't add or remove the guest role manually.",
  ],
  'app.channel.get_member.missing.app_error': [404, 'No channel member found for that user ID and channel ID.'],
  'api.user.delete_team.not_enabled.app_error': [
    401,
    'Permanent team deletion feature is not enabled. Please ask your System Administrator.',
  ],
  'api.team.update_team_privacy.invalid_privacy.app_error': [400, 'Invalid privacy type.'],
  'api.team.set_team_icon.too_large.app_error': [400, 'Unable to upload team icon. File is too large.'],
  'api.team.set_team_icon.no_file.app_error': [400, "No file under 'image' in request."],
  'api.team.set_team_icon.parse.app_error': [400, 'Could not parse multipart form.'],
  'api.team.set_team_icon.decode.app_error': [400, 'Unable to decode team icon.'],
  'api.team.add_members.error': [400, 'Error adding team member(s).'],
  'api.user.upload_profile_user.too_large.app_error': [413, 'Unable to upload profile image. File is too large.'],
  'api.user.upload_profile_user.no_file.app_error': [400, "No file under 'image' in request."],
  'api.user.upload_profile_user.parse.app_error': [400, 'Could not parse multipart form.'],
  'api.user.upload_profile_user.decode.app_error': [400, 'Unable to decode profile image.'],
  'api.user.update_active.permissions.app_error': [403, 'You do not have the appropriate permissions.'],
  'api.custom_status.disabled': [501, 'Custom status feature has been disabled. Please contact your system administrator for details.'],
  'api.custom_status.recent_custom_statuses.delete.app_error': [400, 'Failed to delete recent custom status. Please try again.'],
  'api.team.invite_guests_to_channels.license.error': [501, 'Your license does not support guest accounts'],
  'api.team.invite_guests_to_channels.disabled.error': [501, 'Guest accounts are disabled'],
  'api.team.invite_guests_to_channels.invalid_body.app_error': [400, 'Invalid or missing request body.'],
  'model.guest.is_valid.emails.app_error': [400, 'Invalid emails.'],
  'model.guest.is_valid.email.app_error': [400, 'Invalid email.'],
  'model.guest.is_valid.channels.app_error': [400, 'Invalid channels.'],
  'model.guest.is_valid.channel.app_error': [400, 'Invalid channel.'],
  'api.team.invite_guests.channel_in_invalid_team.app_error': [400, 'The channels of the invite must be part of the team of the invite.'],
  'api.user.promote_guest_to_user.no_guest.app_error': [501, 'Unable to convert a regular user into a regular user.'],
  'api.team.demote_user_to_guest.license.error': [501, 'Your license does not support guest accounts'],
  'api.team.demote_user_to_guest.disabled.error': [501, 'Guest accounts are disabled.'],
  'api.user.demote_user_to_guest.already_guest.app_error': [501, 'Unable to convert a guest into a guest.'],
  'api.user.create_user.guest_accounts.disabled.app_error': [400, 'Guest accounts are disabled.'],
  'api.user.create_user.bad_token_email_data.app_error': [400, 'Email in token does not match the email in user data.'],
  'api.scheme.create_scheme.license.error': [501, 'Your license does not support creating permissions schemes.'],
  'api.scheme.patch_scheme.license.error': [501, 'Your license does not support updating permissions schemes.'],
  'api.scheme.delete_scheme.license.error': [501, 'Your license does not support deleting permissions schemes.'],
  'api.scheme.get_teams_for_scheme.scope.error': [
    400,
    'Unable to get the teams for scheme because the supplied scheme is not a team scheme.',
  ],
  'api.scheme.get_channels_for_scheme.scope.error': [
    400,
    'Unable to get the channels for scheme because the supplied scheme is not a channel scheme.',
  ],
  'app.scheme.get.app_error': [404, 'Unable to get the scheme.'],
  'model.scheme.is_valid.app_error': [400, 'Invalid scheme.'],
  'api.team.update_team_scheme.scheme_scope.error': [
    400,
    'Unable to set the scheme to the team because the supplied scheme is not a team scheme.',
  ],
  'api.channel.update_channel_scheme.scheme_scope.error': [
    400,
    'Unable to set the scheme to the channel because the supplied scheme is not a channel scheme.',
  ],
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
  ...integrations,
  ...commands,
  ...i18n,
  ...botsAndOAuth,
  ...notifications,
  ...admin,
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
