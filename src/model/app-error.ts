// The one error type of the API: rendered as Mattermost's AppError JSON {id, message, detailed_error, request_id, status_code}.

/** English messages for the ids Parley returns (Mattermost's en.json wording, paraphrased where it has templates). */
const MESSAGES: Record<string, string> = {
  'api.context.404.app_error': 'Sorry, we could not find the page.',
  'api.context.session_expired.app_error': 'Invalid or expired session, please login again.',
  'api.context.permissions.app_error': 'You do not have the appropriate permissions.',
  'api.context.invalid_url_param.app_error': 'Invalid or missing {{.Name}} parameter in request URL.',
  'api.context.invalid_body_param.app_error': 'Invalid or missing {{.Name}} in request body.',
  'api.context.request_body_too_large.app_error': 'The request body is too large.',
  'api.context.token_provided.app_error': 'Session is not OAuth but token was provided in the query string.',
  'api.user.login.invalid_credentials_email_username':
    'Enter a valid email or username and/or password, or sign in using another method.',
  'api.user.login.inactive.app_error': 'Login failed because your account has been deactivated. Please contact an administrator.',
  'api.user.login.blank_pwd.app_error': 'Password field must not be blank',
  'api.user.create_user.signup_email_disabled.app_error': 'User sign-up with email is disabled.',
  'api.user.create_user.no_open_server': 'This server does not allow open signups. Please speak with your Administrator to receive an invitation.',
  'api.user.create_user.signup_link_invalid.app_error': 'The signup link does not appear to be valid.',
  'api.user.create_user.signup_link_expired.app_error': 'The signup link has expired.',
  'api.user.update_password.incorrect.app_error': 'The "Current Password" you entered is incorrect. Please check that Caps Lock is off and try again.',
  'api.user.update_password.failed.app_error': 'Update password failed',
  'app.user.save.username_exists.app_error': 'An account with that username already exists.',
  'app.user.save.email_exists.app_error': 'An account with that email already exists.',
  'app.user.missing_account.const': 'Unable to find the user.',
  'app.user.get.app_error': 'An error occurred finding the account.',
  'model.user.is_valid.username.app_error': 'Username must begin with a letter, and contain between 3 to 22 lowercase characters made up of numbers, letters, and the symbols ".", "-", and "_".',
  'model.user.is_valid.email.app_error': 'Please enter a valid email address.',
  'model.user.is_valid.pwd.app_error': 'Your password must contain at least {{.Min}} characters.',
  'model.user.is_valid.position.app_error': 'Invalid position: must not be longer than 128 characters.',
  'model.user.is_valid.nickname.app_error': 'Invalid nickname.',
  'model.user.is_valid.first_name.app_error': 'Invalid first name.',
  'model.user.is_valid.last_name.app_error': 'Invalid last name.',
  'app.team.get.find.app_error': 'Unable to find the existing team.',
  'app.team.get_by_name.missing.app_error': 'Unable to find the existing team.',
  'app.team.get_by_invite_id.finding.app_error': 'Unable to find the existing team.',
  'app.team.save.existing.app_error': 'Must call update for existing team.',
  'store.sql_team.save_team.existing.app_error': 'A team with that name already exists',
  'model.team.is_valid.name.app_error': 'Name must be 2 or more lowercase alphanumeric characters.',
  'model.team.is_valid.characters.app_error': 'Name must be 2 or more lowercase alphanumeric characters.',
  'model.team.is_valid.reserved.app_error': 'This URL is unavailable. Please try another.',
  'model.team.is_valid.display_name.app_error': 'Display name must be between 1 and 64 characters.',
  'model.team.is_valid.type.app_error': 'Invalid type.',
  'model.team.is_valid.description.app_error': 'Invalid description.',
  'app.team.get_member.missing.app_error': 'No team member found for that user ID and team ID.',
  'api.team.add_user_to_team.missing_parameter.app_error': 'Parameter required to add user to team.',
  'api.team.remove_user_from_team.missing.app_error': 'The user does not appear to be part of this team.',
  'app.team.join_user_to_team.max_accounts.app_error': 'This team has reached the maximum number of allowed accounts. Contact your System Administrator to set a higher limit.',
  'api.team.join_user_to_team.allowed_domains.app_error': 'Email must be from a specific domain (e.g. @example.com). Please ask your System Administrator for details.',
  'app.channel.get.existing.app_error': 'Unable to find the existing channel.',
  'app.channel.get_by_name.missing.app_error': 'Channel does not exist.',
  'store.sql_channel.save_channel.exists.app_error': 'A channel with that name already exists on the same team.',
  'store.sql_channel.save.direct_channel.invalid.app_error': 'Attempt to create an invalid direct channel.',
  'model.channel.is_valid.display_name.app_error': 'Invalid display name.',
  'model.channel.is_valid.name.app_error': 'Invalid channel name. User ids are not permitted in channel name for non-direct message channels.',
  'model.channel.is_valid.2_or_more.app_error': 'Name must be 2 or more lowercase alphanumeric characters.',
  'model.channel.is_valid.type.app_error': 'Invalid type.',
  'model.channel.is_valid.header.app_error': 'Invalid header.',
  'model.channel.is_valid.purpose.app_error': 'Invalid purpose.',
  'api.channel.create_channel.direct_channel.app_error': 'Must use createDirectChannel API service for direct message channel creation.',
  'api.channel.create_group.bad_size.app_error': 'Group message channels must contain at least 3 and no more than 8 users.',
  'api.channel.add_user_to_channel.type.app_error': 'Can not add user to this channel type.',
  'api.channel.add_user.to.channel.failed.deleted.app_error': 'Failed to add user to channel because they have been removed from the team.',
  'api.channel.add_members.user_denied': 'Channel membership denied to the following users because of group constraints: {{ .UserIDs }}',
  'app.channel.get_member.missing.app_error': 'No channel member found for that user ID and channel ID.',
  'api.channel.patch_update_channel.forbidden.app_error': 'Failed to update the channel.',
  'api.channel.update_channel.deleted.app_error': 'The channel has been archived or deleted.',
  'app.post.get.app_error': 'Unable to get the post.',
  'api.post.create_post.root_id.app_error': 'Invalid RootId parameter.',
  'api.post.create_post.channel_root_id.app_error': 'Invalid ChannelId for RootId parameter.',
  'api.post.create_post.can_not_post_to_deleted.error': 'Can not post to deleted channel.',
  'model.post.is_valid.msg.app_error': 'Invalid Message.',
  'model.post.is_valid.channel_id.app_error': 'Invalid channel id.',
  'model.post.is_valid.root_id.app_error': 'Invalid root id.',
  'model.post.is_valid.type.app_error': 'Invalid type.',
  'model.post.is_valid.props.app_error': 'Invalid props.',
  'api.post.update_post.permissions_details.app_error': 'Already deleted id={{.PostId}}.',
  'api.post.update_post.find.app_error': 'We could not find the existing post or comment to update.',
  'api.post.delete_post.can_not_delete_post_in_deleted.error': 'Can not delete a post in a deleted channel.',
  'api.user.autocomplete_users.missing_team_id.app_error': 'Team id parameter is required to autocomplete by channel.',
  'api.web_socket_router.not_authenticated.app_error': 'WebSocket connection is not authenticated. Please log in and try again.',
  'api.web_socket_router.no_action.app_error': 'No websocket action.',
  'api.web_socket_router.bad_seq.app_error': 'Invalid sequence for WebSocket message.',
  'api.web_socket_router.bad_action.app_error': 'Unknown WebSocket action.',
  'api.websocket_handler.invalid_param.app_error': 'Invalid {{.Name}} parameter.',
  'api.team.is_team_creation_allowed.disabled.app_error': 'Team creation has been disabled. Please ask your System Administrator for details.',
  'app.preference.get_all.app_error': 'We encountered an error while getting preferences.',
  'api.preference.update_preferences.set.app_error': 'Unable to set user preferences.',
  'api.preference.delete_preferences.delete.app_error': 'Unable to delete user preferences.',
  'api.preference.update_preferences.set_details.app_error': 'Unable to set user preferences.',
  'app.role.get_by_name.app_error': 'Unable to get role.',
  'app.role.get.app_error': 'Unable to get role.',
  'api.roles.patch_roles.license.error': 'Your license does not support advanced permissions.',
  'api.server.internal.app_error': 'An internal error occurred.',
  'api.post.search_posts.invalid_body.app_error': 'Unable to parse the request body.',
  'api.getThreadsForUser.bad_params': 'Before and After parameters to getThreadsForUser are mutually exclusive',
  'api.getThreadsForUser.bad_only_params': 'OnlyThreads and OnlyTotals parameters to getThreadsForUser are mutually exclusive',
  'app.user.get_thread_membership_for_user.not_found': 'Unable to find thread membership.',
  // Founding endpoints: invitations, team/channel member removal, privacy conversion, team import.
  'api.user.create_user.invalid_invitation_type.app_error': 'Invalid invitation type.',
  'app.team.invite_token.group_constrained.error': 'Unable to join a group-constrained team by token.',
  'app.team.invite_id.group_constrained.error': 'Unable to join a group-constrained team by invite id.',
  'api.team.add_user_to_team_from_invite.guest.app_error': 'Guests are restricted from joining teams via invite link.',
  'api.team.invite_members.disabled.app_error': 'Email invitations are disabled.',
  'api.team.invite_members.no_one.app_error': 'No one to invite.',
  'api.team.invite_members.invalid_email.app_error': 'The following email addresses do not belong to an accepted domain: {{.Addresses}}. Please contact your System Administrator for details.',
  'api.team.invite_members.unable_to_send_email.app_error': 'An error occurred while sending the email.',
  'api.team.invite_members.unable_to_send_email_with_defaults.app_error': 'SMTP has not been configured (the default server and port are in use), so the email could not be sent.',
  'api.team.get_invite_info.not_open_team': 'Invite is invalid because this is not an open team.',
  'api.team.remove_member.group_constrained.app_error': 'Unable to remove a user from a group-constrained team.',
  'api.channel.remove_channel_member.type.app_error': 'Unable to remove user from a channel.',
  'api.channel.remove.default.app_error': 'Unable to remove user from the default channel {{.Channel}}.',
  'api.channel.remove_member.group_constrained.app_error': 'Unable to remove a user from a group-constrained channel.',
  'api.channel.update_channel.typechange.app_error': 'Channel type cannot be updated.',
  'api.channel.update_channel_privacy.default_channel_error': 'The default channel cannot be made private.',
  'api.channel.convert_channel_to_private.private_channel_error': 'The channel requested to convert is already a private channel.',
  'api.channel.convert_channel_to_private.default_channel_error': 'This default channel cannot be converted into a private channel.',
  'api.team.import_team.parse.app_error': 'Unable to parse multipart form.',
  'api.team.import_team.no_import_from.app_error': 'Malformed request: importFrom field is not present.',
  'api.team.import_team.unavailable.app_error': 'Malformed request: filesize field is not present.',
  'api.team.import_team.integer.app_error': 'Malformed request: filesize is not an integer.',
  'api.team.import_team.no_file.app_error': 'Malformed request: file field is not present.',
  'api.team.import_team.array.app_error': 'Malformed request: file is empty.',
  'api.team.import_team.open.app_error': 'Could not open file.',
  'api.team.import_team.unknown_import_from.app_error': 'Unknown import source.',
  'api.slackimport.slack_import.failed.app_error': 'The Slack import failed; nothing was imported.',
  'api.slackimport.slack_import.json.app_error': 'Unable to parse {{.Filename}} in the Slack export.',
  'model.config.is_valid.site_url.app_error': 'Site URL must be a valid URL and start with http:// or https://.',
  'model.config.is_valid.listen_address.app_error': 'Invalid listen address for service settings. Must be set.',
  'model.config.is_valid.max_payload_size.app_error': 'Invalid max payload size for service settings. Must be a whole number greater than zero.',
  'model.config.is_valid.session_length.app_error': 'Invalid session length. Must be a whole number greater than zero.',
  'model.config.is_valid.max_users.app_error': 'Invalid maximum users per team for team settings. Must be a positive number.',
  'model.config.is_valid.max_channels.app_error': 'Invalid maximum channels per team for team settings. Must be a positive number.',
  'model.config.is_valid.max_notify_per_channel.app_error': 'Invalid maximum notifications per channel for team settings. Must be a positive number.',
  'model.config.is_valid.restrict_direct_message.app_error': 'Invalid direct message restriction. Must be "any" or "team".',
  'model.config.is_valid.teammate_name_display.app_error': 'Invalid teammate display. Must be "full_name", "nickname_full_name" or "username".',
  'model.config.is_valid.sitename_length.app_error': 'Site name must be less than or equal to {{.MaxLength}} characters.',
  'model.config.is_valid.max_file_size.app_error': 'Invalid max file size for file settings. Must be a whole number greater than zero.',
  'model.config.is_valid.email_security.app_error': 'Invalid connection security for email settings. Must be "", "TLS", or "STARTTLS".',
  'model.config.is_valid.email_timeout.app_error': 'Invalid SMTP server timeout. Must be a whole number greater than zero.',
  'model.config.is_valid.smtp_port.app_error': 'Invalid SMTP port for email settings. Must be a number.',
  'model.config.is_valid.feedback_email.app_error': 'Invalid notification email address for email settings.',
  'model.config.is_valid.password_length.app_error': 'Minimum password length must be a whole number greater than or equal to {{.MinLength}} and less than or equal to {{.MaxLength}}.',
  'model.config.is_valid.password_hash_cost.app_error': 'Invalid password hashing work factor. Must be a positive number.',
  'api.user.update_active.not_enable.app_error': 'You cannot deactivate yourself because this feature is not enabled. Please contact your System Administrator.',
  'api.user.update_active.cannot_modify_status_when_bot.app_error': 'Cannot modify the active status of a bot account.',
  'api.user.delete_user.not_enabled.app_error': 'Permanent delete feature is not enabled. Please contact your System Administrator.',
};

function render(template: string, params?: Record<string, unknown>): string {
  if (!params) return template;
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, k: string) => String(params[k] ?? ''));
}

export class AppError extends Error {
  readonly id: string;
  readonly statusCode: number;
  readonly where: string;
  readonly detailed: string;
  readonly params?: Record<string, unknown>;

  constructor(
    where: string,
    id: string,
    statusCode: number,
    opts: { params?: Record<string, unknown>; detailed?: string; message?: string } = {},
  ) {
    super(opts.message ?? render(MESSAGES[id] ?? id, opts.params));
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

/** The common refusals, so handlers do not repeat ids and statuses. */
export const Errors = {
  notFoundRoute: (url: string) =>
    new AppError('Handle404', 'api.context.404.app_error', 404, {
      detailed: `There doesn't appear to be an api call for the url='${url}'.`,
    }),
  sessionExpired: (where = 'ServeHTTP', detailed = '') =>
    new AppError(where, 'api.context.session_expired.app_error', 401, { detailed }),
  forbidden: (where: string, userId: string, permission: string) =>
    new AppError(where, 'api.context.permissions.app_error', 403, {
      detailed: `userId=${userId}, permission=${permission}`,
    }),
  invalidUrlParam: (name: string) =>
    new AppError('Context', 'api.context.invalid_url_param.app_error', 400, { params: { Name: name } }),
  invalidBodyParam: (name: string) =>
    new AppError('Context', 'api.context.invalid_body_param.app_error', 400, { params: { Name: name } }),
  tooLarge: () => new AppError('Context', 'api.context.request_body_too_large.app_error', 413),
};
