// Team dialogs: the invite link, e-mail invitations, the Slack import and the team's members.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { FormattedMessage, useIntl } from 'react-intl';
import { client, errorMessage } from './api.ts';
import { getState, useStore } from './store.ts';
import { ErrorText, Modal, UserRow } from './Modal.tsx';

export function inviteLink(inviteId: string): string {
  return `${window.location.origin}/signup_user_complete/?id=${encodeURIComponent(inviteId)}`;
}

export function Invite({ teamId }: { teamId: string }): ReactNode {
  const [inviteId, setInviteId] = useState(getState().teams.find((t) => t.id === teamId)?.invite_id ?? '');
  const [error, setError] = useState('');
  const [copied, setCopied] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const intl = useIntl();
  const t = (id: string, defaultMessage: string): string => intl.formatMessage({ id, defaultMessage });
  useEffect(() => {
    if (!inviteId)
      client.getTeam(teamId).then(
        (t) => setInviteId(t.invite_id),
        (err) => setError(errorMessage(err)),
      );
  }, [teamId, inviteId]);
  const link = inviteId ? inviteLink(inviteId) : '';
  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(link);
    } catch {
      input.current?.select();
      document.execCommand('copy');
    }
    setCopied(true);
  }
  return (
    <Modal title={t('menu.invite', 'Invite people')}>
      <p>{t('invite.linkNote', 'Anyone with this link can join the team.')}</p>
      <ErrorText text={error} />
      <input ref={input} aria-label={t('invite.link', 'Invite link')} readOnly value={link} onFocus={(e) => e.target.select()} />
      <button onClick={() => void copy()} disabled={!link}>
        {copied ? t('invite.copied', 'Copied') : t('invite.copy', 'Copy invite link')}
      </button>
      <EmailInvites teamId={teamId} />
    </Modal>
  );
}

/** Splits what a person types into addresses: commas, semicolons, spaces or new lines. */
export function parseEmails(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((e) => e.trim())
        .filter(Boolean),
    ),
  ];
}

function EmailInvites({ teamId }: { teamId: string }): ReactNode {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [results, setResults] = useState<Array<{ email: string; error?: { message: string } | null }>>([]);
  const intl = useIntl();
  const t = (id: string, defaultMessage: string): string => intl.formatMessage({ id, defaultMessage });
  async function send(e: FormEvent): Promise<void> {
    e.preventDefault();
    const emails = parseEmails(text);
    if (!emails.length) return;
    setBusy(true);
    setError('');
    try {
      const res = await client.sendEmailInvitesToTeamGracefully(teamId, emails);
      setResults(res as Array<{ email: string; error?: { message: string } | null }>);
      setText('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form" onSubmit={send} aria-label={t('invite.byEmail', 'Invite by email')}>
      <label>
        {t('invite.orByEmail', 'Or invite by email')}
        <textarea
          aria-label={t('invite.addresses', 'Email addresses')}
          placeholder="name@example.com, other@example.com"
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={2}
        />
      </label>
      <ErrorText text={error} />
      <button type="submit" disabled={busy || !text.trim()}>
        {busy ? t('invite.sending', 'Sending…') : t('invite.send', 'Send invitations')}
      </button>
      {results.length > 0 && (
        <ul className="invite-results" aria-label={t('invite.results', 'Invitation results')}>
          {results.map((r) => (
            <li key={r.email} className={r.error ? 'error' : 'ok'}>
              {r.email}: {r.error ? r.error.message : t('invite.sent', 'invitation sent')}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

/** Reads a cookie the server set for the page (Mattermost's MMCSRF holds the CSRF token). */
function cookie(name: string): string {
  const m = new RegExp('(?:^|; )' + name + '=([^;]*)').exec(document.cookie);
  return m ? decodeURIComponent(m[1]) : '';
}

/** Decodes the import log the server returns as base64 UTF-8. */
export function decodeResults(b64: string): string {
  const bin = atob(b64);
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

type ImportState =
  | { phase: 'idle' }
  | { phase: 'uploading'; sent: number; total: number }
  | { phase: 'processing' }
  | { phase: 'done'; log: string }
  | { phase: 'failed'; message: string };

/**
 * Uploads a Slack export zip to POST /teams/{id}/import with XMLHttpRequest (fetch has no upload progress), then
 * shows the import log.
 */
export function SlackImport({ teamId }: { teamId: string }): ReactNode {
  const [file, setFile] = useState<File | null>(null);
  const [st, setSt] = useState<ImportState>({ phase: 'idle' });
  const intl = useIntl();
  const t = (id: string, defaultMessage: string): string => intl.formatMessage({ id, defaultMessage });

  function start(e: FormEvent): void {
    e.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('filesize', String(file.size));
    form.append('importFrom', 'slack');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${client.getTeamRoute(teamId)}/import`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    const csrf = cookie('MMCSRF');
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (ev) => setSt({ phase: 'uploading', sent: ev.loaded, total: ev.lengthComputable ? ev.total : file.size });
    xhr.upload.onload = () => setSt({ phase: 'processing' });
    xhr.onerror = () => setSt({ phase: 'failed', message: t('import.unreachable', 'The upload failed: the server could not be reached.') });
    xhr.onload = () => {
      let body: { results?: string; message?: string } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below by status
      }
      if (xhr.status >= 200 && xhr.status < 300 && typeof body.results === 'string')
        setSt({ phase: 'done', log: decodeResults(body.results) });
      else
        setSt({
          phase: 'failed',
          message:
            body.message ||
            intl.formatMessage({ id: 'import.failed', defaultMessage: 'The import failed (HTTP {status}).' }, { status: xhr.status }),
        });
    };
    setSt({ phase: 'uploading', sent: 0, total: file.size });
    xhr.send(form);
  }

  const busy = st.phase === 'uploading' || st.phase === 'processing';
  const pct = st.phase === 'uploading' && st.total ? Math.round((st.sent / st.total) * 100) : st.phase === 'idle' ? 0 : 100;
  return (
    <Modal title={t('menu.importSlack', 'Import from Slack')}>
      <form className="form" onSubmit={start}>
        <p className="muted">
          {t('import.help', 'Choose the .zip file of a Slack workspace export. Its channels, users and messages are added to this team.')}
        </p>
        <label>
          {t('import.file', 'Slack export (.zip)')}
          <input
            type="file"
            accept=".zip,application/zip"
            aria-label={t('import.fileAria', 'Slack export file')}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            disabled={busy}
          />
        </label>
        <button type="submit" disabled={!file || busy}>
          {t('import.submit', 'Import')}
        </button>
      </form>
      {st.phase !== 'idle' && (
        <div className="import-status">
          <progress aria-label={t('import.progress', 'Import progress')} max={100} value={pct} />
          <p role="status">
            {st.phase === 'uploading' && (
              <FormattedMessage id="import.uploading" defaultMessage="Uploading… {pct, number, percent}" values={{ pct: pct / 100 }} />
            )}
            {st.phase === 'processing' && t('import.processing', 'Uploaded; importing…')}
            {st.phase === 'done' && t('import.done', 'Import finished.')}
          </p>
          {st.phase === 'failed' && <ErrorText text={st.message} />}
          {st.phase === 'done' && (
            <pre className="import-log" aria-label={t('import.log', 'Import log')} tabIndex={0}>
              {st.log}
            </pre>
          )}
        </div>
      )}
    </Modal>
  );
}

export function TeamMembers({ teamId }: { teamId: string }): ReactNode {
  const [users, setUsers] = useState<UserProfile[]>([]);
  const [error, setError] = useState('');
  const me = useStore((s) => s.me);
  const intl = useIntl();
  const t = (id: string, defaultMessage: string): string => intl.formatMessage({ id, defaultMessage });
  async function reload(): Promise<void> {
    try {
      setUsers(await client.getProfilesInTeam(teamId, 0, 200));
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  useEffect(() => {
    void reload();
  }, [teamId]); // eslint-disable-line react-hooks/exhaustive-deps
  async function remove(u: UserProfile): Promise<void> {
    setError('');
    try {
      await client.removeFromTeam(teamId, u.id);
      await reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <Modal title={t('menu.teamMembers', 'Team members')}>
      <ErrorText text={error} />
      <ul className="pick-list">
        {users.map((u) => (
          <UserRow key={u.id} u={u} label={t('members.remove', 'Remove')} action={u.id === me?.id ? undefined : () => void remove(u)} />
        ))}
      </ul>
    </Modal>
  );
}
