// Mattermost's interactive dialog: an integration opens it with a trigger id (websocket `open_dialog`), the user fills
// its elements and the submission goes to POST /actions/dialogs/submit, whose `errors` (per field) and `error` (top)
// keep it open. Focus stays inside; Escape and Cancel close it (telling the integration when notify_on_cancel is set).
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useIntl, type IntlShape } from 'react-intl';
import type { DialogElement, DialogSubmission, SubmitDialogResponse } from '@mattermost/types/integrations';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorMessage } from './api.ts';
import { getState, teamChannels } from './store.ts';
import { setCurrent, type OpenDialog } from './InteractiveDialogHost.tsx';

type Value = string | number | boolean;
type Values = Record<string, Value>;

// ---- values and checks (Mattermost's web app rules) ----

function initialValue(e: DialogElement): Value {
  const def = e.default ?? '';
  if (e.type === 'bool') return String(def).toLowerCase() === 'true';
  if (e.type === 'text' && e.subtype === 'number' && def !== '' && !Number.isNaN(Number(def))) return Number(def);
  return String(def);
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The error for one element's value, or '' when it is acceptable. */
function checkElement(e: DialogElement, v: Value, intl: IntlShape): string {
  // As Mattermost's web app: a required checkbox must be ticked.
  const empty = v === '' || v === undefined || (e.type === 'bool' && v !== true);
  if (empty && !e.optional)
    return intl.formatMessage({ id: 'interactive_dialog.error.required', defaultMessage: 'This field is required.' });
  if (empty || (e.type !== 'text' && e.type !== 'textarea')) return '';
  const s = String(v);
  if (e.min_length && s.length < e.min_length)
    return intl.formatMessage(
      { id: 'interactive_dialog.error.too_short', defaultMessage: 'Minimum input length is {minLength}.' },
      { minLength: e.min_length },
    );
  if (e.subtype === 'email' && !EMAIL.test(s))
    return intl.formatMessage({ id: 'interactive_dialog.error.bad_email', defaultMessage: 'Must be a valid email address.' });
  if (e.subtype === 'number' && (typeof v !== 'number' || Number.isNaN(v)))
    return intl.formatMessage({ id: 'interactive_dialog.error.bad_number', defaultMessage: 'Must be a number.' });
  if (e.subtype === 'url' && !/^https?:\/\//i.test(s))
    return intl.formatMessage({ id: 'interactive_dialog.error.bad_url', defaultMessage: 'URL must start with http:// or https://.' });
  return '';
}

const INPUT_TYPES: Record<string, string> = { email: 'email', number: 'number', password: 'password', tel: 'tel', url: 'url' };
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled])';

// ---- the dialog ----

export function InteractiveDialog({ open }: { open: OpenDialog }): ReactNode {
  const intl = useIntl();
  const { dialog, url } = open;
  const elements = (dialog.elements ?? []).filter((e) => e && typeof e.name === 'string');
  const [values, setValues] = useState<Values>(() => Object.fromEntries(elements.map((e) => [e.name, initialValue(e)])));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [topError, setTopError] = useState('');
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const before = useRef<Element | null>(null);

  useEffect(() => {
    before.current = document.activeElement;
    box.current?.querySelector<HTMLElement>('input, textarea, select')?.focus();
    return () => (before.current as HTMLElement | null)?.focus?.();
  }, []);

  const where = (): { channel_id: string; team_id: string } => {
    const s = getState();
    return { channel_id: s.currentChannelId, team_id: s.channels[s.currentChannelId]?.team_id || s.currentTeamId };
  };
  const request = (submission: Values, cancelled: boolean): DialogSubmission =>
    ({ url, callback_id: dialog.callback_id ?? '', state: dialog.state ?? '', submission, cancelled, ...where() }) as DialogSubmission;

  const cancel = (): void => {
    setCurrent(null);
    if (dialog.notify_on_cancel) void client.submitInteractiveDialog(request({}, true)).catch(() => {});
  };

  const submit = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    const errs: Record<string, string> = {};
    for (const e of elements) {
      const msg = checkElement(e, values[e.name], intl);
      if (msg) errs[e.name] = msg;
    }
    setFieldErrors(errs);
    setTopError('');
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const res = (await client.submitInteractiveDialog(request(values, false))) as unknown as SubmitDialogResponse;
      const returned = res?.errors && typeof res.errors === 'object' ? res.errors : {};
      const known = Object.keys(returned).filter((k) => elements.some((e) => e.name === k));
      if (res?.error || Object.keys(returned).length) {
        setFieldErrors(Object.fromEntries(known.map((k) => [k, String(returned[k])])));
        setTopError(
          res.error ||
            (known.length === Object.keys(returned).length
              ? ''
              : intl.formatMessage({
                  id: 'interactive_dialog.submission_failed_validation',
                  defaultMessage: 'Submission failed with invalid fields.',
                })),
        );
        return;
      }
      setCurrent(null);
    } catch (err) {
      setTopError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      cancel();
      return;
    }
    if (e.key !== 'Tab' || !box.current) return;
    // Focus trap: Tab from the last control goes to the first, Shift+Tab from the first to the last.
    const list = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (!list.length) return;
    const first = list[0];
    const last = list[list.length - 1];
    if (e.shiftKey && (document.activeElement === first || !box.current.contains(document.activeElement))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  const title = dialog.title || intl.formatMessage({ id: 'interactive_dialog.untitled', defaultMessage: 'Dialog' });
  const icon = dialog.icon_url && /^https?:\/\//i.test(dialog.icon_url) ? dialog.icon_url : '';
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && cancel()}>
      <div
        className="modal interactive-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="interactive-dialog-title"
        ref={box}
        onKeyDown={onKeyDown}
      >
        <header>
          <h2 id="interactive-dialog-title">
            {icon && <img className="interactive-dialog-icon" src={icon} alt="" width={24} height={24} />}
            {title}
          </h2>
          <button
            type="button"
            className="icon"
            aria-label={intl.formatMessage({ id: 'interactive_dialog.close', defaultMessage: 'Close dialog' })}
            onClick={cancel}
          >
            ×
          </button>
        </header>
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          {topError && (
            <p className="error" role="alert">
              {topError}
            </p>
          )}
          {dialog.introduction_text && <p className="interactive-dialog-intro">{dialog.introduction_text}</p>}
          {elements.map((e) => (
            <DialogField
              key={e.name}
              e={e}
              value={values[e.name]}
              error={fieldErrors[e.name] ?? ''}
              onChange={(v) => setValues((s) => ({ ...s, [e.name]: v }))}
            />
          ))}
          <div className="interactive-dialog-buttons">
            <button type="button" onClick={cancel}>
              {intl.formatMessage({ id: 'interactive_dialog.cancel', defaultMessage: 'Cancel' })}
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {dialog.submit_label || intl.formatMessage({ id: 'interactive_dialog.submit', defaultMessage: 'Submit' })}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

interface FieldProps {
  e: DialogElement;
  value: Value;
  error: string;
  onChange: (v: Value) => void;
}

function DialogField({ e, value, error, onChange }: FieldProps): ReactNode {
  const intl = useIntl();
  const id = 'dialog-el-' + e.name.replace(/[^A-Za-z0-9_-]/g, '_');
  const help = e.help_text ? (
    <span className="muted interactive-dialog-help" id={id + '-help'}>
      {e.help_text}
    </span>
  ) : null;
  const err = error ? (
    <span className="error" id={id + '-error'} role="alert">
      {error}
    </span>
  ) : null;
  const describedBy = [error && id + '-error', e.help_text && id + '-help'].filter(Boolean).join(' ') || undefined;
  const label = (
    <>
      {e.display_name || e.name}
      {e.optional && (
        <span className="muted"> {intl.formatMessage({ id: 'interactive_dialog.element.optional', defaultMessage: '(optional)' })}</span>
      )}
    </>
  );
  const common = { id, 'aria-invalid': !!error || undefined, 'aria-describedby': describedBy, placeholder: e.placeholder || undefined };
  const maxLength = e.max_length > 0 ? e.max_length : undefined;

  if (e.type === 'bool') {
    return (
      <div className="interactive-dialog-field">
        <label className="check" htmlFor={id}>
          <input type="checkbox" {...common} checked={value === true} onChange={(ev) => onChange(ev.target.checked)} />
          <span>{e.placeholder || label}</span>
        </label>
        {e.placeholder && <span className="muted">{label}</span>}
        {err}
        {help}
      </div>
    );
  }
  if (e.type === 'radio') {
    return (
      <fieldset className="interactive-dialog-field" aria-describedby={describedBy}>
        <legend>{label}</legend>
        {(e.options ?? []).map((o) => (
          <label key={String(o.value)} className="check">
            <input
              type="radio"
              name={id}
              value={String(o.value)}
              checked={String(value) === String(o.value)}
              onChange={() => onChange(String(o.value))}
            />
            <span>{o.text}</span>
          </label>
        ))}
        {err}
        {help}
      </fieldset>
    );
  }
  let control: ReactNode;
  if (e.type === 'select') {
    control = <DialogSelect e={e} value={String(value ?? '')} onChange={onChange} common={common} />;
  } else if (e.type === 'textarea') {
    control = (
      <textarea {...common} value={String(value ?? '')} maxLength={maxLength} rows={4} onChange={(ev) => onChange(ev.target.value)} />
    );
  } else {
    const number = e.subtype === 'number';
    control = (
      <input
        {...common}
        type={INPUT_TYPES[e.subtype] ?? 'text'}
        value={String(value ?? '')}
        maxLength={number ? undefined : maxLength}
        onChange={(ev) => onChange(number && ev.target.value !== '' ? Number(ev.target.value) : ev.target.value)}
      />
    );
  }
  return (
    <div className="interactive-dialog-field">
      <label htmlFor={id}>{label}</label>
      {control}
      {err}
      {help}
    </div>
  );
}

type Option = { text: string; value: string };

/** A select of the element's static options, or of the team's users / the user's channels (data_source). */
function DialogSelect({
  e,
  value,
  onChange,
  common,
}: {
  e: DialogElement;
  value: string;
  onChange: (v: Value) => void;
  common: object;
}): ReactNode {
  const intl = useIntl();
  const [options, setOptions] = useState<Option[]>(() =>
    e.data_source ? [] : (e.options ?? []).map((o) => ({ text: String(o.text ?? o.value), value: String(o.value) })),
  );
  useEffect(() => {
    const s = getState();
    if (e.data_source === 'channels') {
      const list = teamChannels(s, s.currentTeamId).filter((c) => c.type === 'O' || c.type === 'P');
      setOptions(list.map((c) => ({ text: c.display_name || c.name, value: c.id })).sort((a, b) => a.text.localeCompare(b.text)));
    } else if (e.data_source === 'users') {
      let live = true;
      void client
        .getProfilesInTeam(s.currentTeamId, 0, 200)
        .then(
          (users: UserProfile[]) =>
            live && setOptions(users.filter((u) => !u.delete_at).map((u) => ({ text: '@' + u.username, value: u.id }))),
        )
        .catch(() => {});
      return () => {
        live = false;
      };
    }
  }, [e.data_source]);
  return (
    <select {...common} value={value} onChange={(ev) => onChange(ev.target.value)}>
      <option value="">
        {e.placeholder || intl.formatMessage({ id: 'interactive_dialog.select.choose', defaultMessage: 'Choose an option' })}
      </option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.text}
        </option>
      ))}
    </select>
  );
}
