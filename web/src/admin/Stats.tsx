// The console's site statistics (GET /analytics/old, name "standard").
import { useEffect, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { client, errorMessage } from '../api.ts';
import { ErrorAlert } from './common.tsx';

const LABELS: Record<string, { id: string; defaultMessage: string }> = {
  unique_user_count: { id: 'admin.stats.users', defaultMessage: 'Active users' },
  inactive_user_count: { id: 'admin.stats.inactive_users', defaultMessage: 'Deactivated users' },
  team_count: { id: 'admin.stats.teams', defaultMessage: 'Teams' },
  channel_open_count: { id: 'admin.stats.public_channels', defaultMessage: 'Public channels' },
  channel_private_count: { id: 'admin.stats.private_channels', defaultMessage: 'Private channels' },
  post_count: { id: 'admin.stats.posts', defaultMessage: 'Posts' },
};

export function StatsPage(): ReactNode {
  const intl = useIntl();
  const [rows, setRows] = useState<Array<{ name: string; value: number }>>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    client.getAnalytics('standard').then(
      (r) => setRows(r as Array<{ name: string; value: number }>),
      (err) => setError(errorMessage(err)),
    );
  }, []);
  return (
    <section className="admin-users" aria-label={intl.formatMessage({ id: 'admin.stats.title', defaultMessage: 'Site statistics' })}>
      <h2>
        <FormattedMessage id="admin.stats.title" defaultMessage="Site statistics" />
      </h2>
      <ErrorAlert error={error} />
      <dl className="admin-stats">
        {rows
          .filter((r) => LABELS[r.name])
          .map((r) => (
            <div key={r.name}>
              <dt>{intl.formatMessage(LABELS[r.name])}</dt>
              <dd>{intl.formatNumber(r.value)}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}
