// The read-only banner of an archived channel (in place of the composer), with Unarchive for those allowed; the
// Archive button of the channel settings.
import { useEffect, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import { archiveChannel, setArchivedNotice, unarchiveChannel } from './archive.ts';
import { fallbackChannelPath } from '../channelActions.ts';
import { navigate } from '../router.ts';
import './channels.css';
import { setState } from '../store.ts';

export function ArchivedBanner({ channel }: { channel: Channel }): ReactNode {
  return (
    <div className="archived-banner" role="status">
      <span>
        <FormattedMessage
          id="channel.archived.banner"
          defaultMessage="You are viewing an archived channel. New messages cannot be posted."
        />
      </span>
      <button className="secondary" onClick={() => void unarchiveChannel(channel.id)}>
        <FormattedMessage id="channel.archived.unarchive" defaultMessage="Unarchive channel" />
      </button>
      <button
        className="secondary"
        onClick={() => {
          const dest = fallbackChannelPath(channel.id);
          if (dest) navigate(dest);
        }}
      >
        <FormattedMessage id="channel.archived.leave_view" defaultMessage="Close channel" />
      </button>
    </div>
  );
}

/** Gives the archive notice its translated text while a channel view is mounted. */
export function ArchiveNoticeText(): null {
  const intl = useIntl();
  useEffect(() => {
    setArchivedNotice((title) => intl.formatMessage({ id: 'channel.archived.notice', defaultMessage: '{title} was archived.' }, { title }));
  }, [intl]);
  return null;
}

export function ArchiveButton({ channel }: { channel: Channel }): ReactNode {
  const [confirm, setConfirm] = useState(false);
  if (channel.name === 'town-square' || channel.delete_at || (channel.type !== 'O' && channel.type !== 'P')) return null;
  if (!confirm)
    return (
      <button type="button" className="danger" onClick={() => setConfirm(true)}>
        <FormattedMessage id="channel.archive" defaultMessage="Archive channel" />
      </button>
    );
  return (
    <div className="confirm-inline" role="group">
      <FormattedMessage id="channel.archive.confirm" defaultMessage="Archive this channel? Its members can still read it." />
      <button
        type="button"
        className="danger"
        onClick={() => void archiveChannel(channel.id).then((ok) => ok && setState({ dialog: null }))}
      >
        <FormattedMessage id="channel.archive.yes" defaultMessage="Yes, archive" />
      </button>
      <button type="button" className="secondary" onClick={() => setConfirm(false)}>
        <FormattedMessage id="channel.archive.no" defaultMessage="Cancel" />
      </button>
    </div>
  );
}
