// One card of the Integrations screen: a list loaded through Client4, a small create form, a remove button per row,
// and the secret a creation returns shown once. The integration kinds (integrations/kinds.tsx) describe the rest.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';
import { errorMessage } from '../api.ts';

export interface Field {
  name: string;
  label: MessageDescriptor;
  required?: boolean;
  maxLength?: number;
}

/** What a kind of integration tells the section: how to list, create and remove one, and how to show it. */
export interface IntegrationKind<Row> {
  id: string;
  title: MessageDescriptor;
  fields: Field[];
  load(): Promise<Row[]>;
  /** Creates one; the answer may carry a secret (a token, a client secret) to show once. */
  create(values: Record<string, string>): Promise<{ secret?: { label: MessageDescriptor; value: string } }>;
  remove?(row: Row): Promise<unknown>;
  /** The remove button's label when it is not "Remove" (a bot is disabled or enabled). */
  removeLabel?(row: Row): MessageDescriptor;
  rowKey(row: Row): string;
  rowText(row: Row): ReactNode;
  /** An extra per-row action (a bot's token). */
  rowAction?: { label: MessageDescriptor; run(row: Row): Promise<{ secret?: { label: MessageDescriptor; value: string } }> };
}

export function IntegrationSection<Row>({ kind }: { kind: IntegrationKind<Row> }): ReactNode {
  const intl = useIntl();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [secret, setSecret] = useState<{ label: MessageDescriptor; value: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function reload(): Promise<void> {
    try {
      setRows(await kind.load());
    } catch (err) {
      setRows([]);
      setError(errorMessage(err));
    }
  }

  useEffect(() => {
    void reload();
  }, [kind.id]); // eslint-disable-line react-hooks/exhaustive-deps

  async function act(fn: () => Promise<{ secret?: { label: MessageDescriptor; value: string } } | unknown>): Promise<void> {
    setBusy(true);
    setError('');
    try {
      const r = (await fn()) as { secret?: { label: MessageDescriptor; value: string } } | undefined;
      if (r?.secret) setSecret(r.secret);
      await reload();
      return;
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent): void {
    e.preventDefault();
    void act(async () => {
      const r = await kind.create(values);
      setValues({});
      return r;
    });
  }

  const title = intl.formatMessage(kind.title);
  return (
    <section className="admin-users" aria-label={title}>
      <h2>{title}</h2>
      {secret && (
        <p role="status" className="secret-once">
          {intl.formatMessage(secret.label)} <code data-testid={`${kind.id}-secret`}>{secret.value}</code>{' '}
          <span className="muted">
            <FormattedMessage id="integrations.secret_once" defaultMessage="Copy it now: it will not be shown again." />
          </span>
        </p>
      )}
      {rows === null ? (
        <p className="muted">
          <FormattedMessage id="integrations.loading" defaultMessage="Loading…" />
        </p>
      ) : rows.length === 0 ? (
        <p className="muted">
          <FormattedMessage id="integrations.none" defaultMessage="None yet." />
        </p>
      ) : (
        <ul aria-label={title}>
          {rows.map((row) => (
            <li key={kind.rowKey(row)}>
              {kind.rowText(row)}{' '}
              {kind.rowAction && (
                <button type="button" className="link" disabled={busy} onClick={() => void act(() => kind.rowAction!.run(row))}>
                  {intl.formatMessage(kind.rowAction.label)}
                </button>
              )}
              {kind.remove && (
                <button type="button" className="link" disabled={busy} onClick={() => void act(() => kind.remove!(row))}>
                  {kind.removeLabel ? (
                    intl.formatMessage(kind.removeLabel(row))
                  ) : (
                    <FormattedMessage id="integrations.remove" defaultMessage="Remove" />
                  )}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="form" onSubmit={submit}>
        {kind.fields.map((f) => (
          <label key={f.name}>
            {intl.formatMessage(f.label)}
            <input
              name={f.name}
              value={values[f.name] ?? ''}
              required={f.required}
              maxLength={f.maxLength ?? 1024}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
            />
          </label>
        ))}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          <FormattedMessage id="integrations.add" defaultMessage="Add" />
        </button>
      </form>
    </section>
  );
}
