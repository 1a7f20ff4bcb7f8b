// System posts (joins, leaves, header/purpose/name changes, archive) rendered per viewer from their `type` and
// `props`, in the viewer's language, as Mattermost's web app does; the stored English `message` is only the fallback.
import type { ReactNode } from 'react';
import { useIntl, type IntlShape } from 'react-intl';
import type { Post } from '@mattermost/types/posts';
import { Markdown, type MarkdownContext } from './markdown.tsx';

type Props = Record<string, unknown>;

function str(props: Props, key: string): string {
  const v = props[key];
  return typeof v === 'string' ? v : '';
}

/** The messages of a changed field (header, purpose): removed, changed from one value to another, or set. */
const FIELD_CHANGES = {
  header: {
    removed: { id: 'system.header.removed', defaultMessage: '{username} removed the channel header (was: {old})' },
    changed: { id: 'system.header.changed', defaultMessage: '{username} updated the channel header from: {old} to: {new}' },
    set: { id: 'system.header.set', defaultMessage: '{username} updated the channel header to: {new}' },
  },
  purpose: {
    removed: { id: 'system.purpose.removed', defaultMessage: '{username} removed the channel purpose (was: {old})' },
    changed: { id: 'system.purpose.changed', defaultMessage: '{username} updated the channel purpose from: {old} to: {new}' },
    set: { id: 'system.purpose.set', defaultMessage: '{username} updated the channel purpose to: {new}' },
  },
};

function fieldChange(intl: IntlShape, field: 'header' | 'purpose', props: Props): string {
  const before = str(props, `old_${field}`);
  const after = str(props, `new_${field}`);
  const kind = !after ? 'removed' : before ? 'changed' : 'set';
  return intl.formatMessage(FIELD_CHANGES[field][kind], { username: '@' + str(props, 'username'), old: before, new: after });
}

/** The localized text of a system post, or null for a type this app does not know (its stored message is shown). */
export function systemPostText(intl: IntlShape, post: { type: string; props?: unknown; message: string }): string | null {
  const props: Props = (post.props as Props | undefined) ?? {};
  const username = '@' + str(props, 'username');
  switch (post.type) {
    case 'system_join_channel':
      return intl.formatMessage({ id: 'system.joinChannel', defaultMessage: '{username} joined the channel.' }, { username });
    case 'system_join_team':
      return intl.formatMessage({ id: 'system.joinTeam', defaultMessage: '{username} joined the team.' }, { username });
    case 'system_leave_channel':
      return intl.formatMessage({ id: 'system.leaveChannel', defaultMessage: '{username} left the channel.' }, { username });
    case 'system_leave_team':
      return intl.formatMessage({ id: 'system.leaveTeam', defaultMessage: '{username} left the team.' }, { username });
    case 'system_remove_from_team':
      return intl.formatMessage({ id: 'system.removeFromTeam', defaultMessage: '{username} removed from the team.' }, { username });
    case 'system_add_to_channel':
      return intl.formatMessage(
        { id: 'system.addToChannel', defaultMessage: '{added} added to the channel by {username}.' },
        { added: '@' + str(props, 'addedUsername'), username },
      );
    case 'system_remove_from_channel':
      return intl.formatMessage(
        { id: 'system.removeFromChannel', defaultMessage: '{removed} removed from the channel.' },
        { removed: '@' + str(props, 'removedUsername') },
      );
    case 'system_header_change':
      return fieldChange(intl, 'header', props);
    case 'system_purpose_change':
      return fieldChange(intl, 'purpose', props);
    case 'system_displayname_change':
      return intl.formatMessage(
        { id: 'system.displayName', defaultMessage: '{username} updated the channel display name from: {old} to: {new}' },
        { username, old: str(props, 'old_displayname'), new: str(props, 'new_displayname') },
      );
    case 'system_channel_deleted':
      return intl.formatMessage({ id: 'system.archived', defaultMessage: '{username} archived the channel.' }, { username });
    case 'system_channel_restored':
      return intl.formatMessage({ id: 'system.unarchived', defaultMessage: '{username} unarchived the channel.' }, { username });
    case 'system_change_chan_privacy':
      // The post carries no target type; the server's English message says which way the channel went.
      return /private/i.test(post.message)
        ? intl.formatMessage({ id: 'system.toPrivate', defaultMessage: 'This channel has been converted to a Private Channel.' })
        : intl.formatMessage({
            id: 'system.toPublic',
            defaultMessage: 'This channel has been converted to a Public Channel and can be joined by any team member.',
          });
    default:
      return null;
  }
}

export function SystemMessage({ post, ctx }: { post: Post; ctx: MarkdownContext }): ReactNode {
  const intl = useIntl();
  return <Markdown text={systemPostText(intl, post) ?? post.message} ctx={ctx} />;
}
