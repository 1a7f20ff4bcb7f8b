// What the console's list pages share: loading a list, running an action then reloading, and showing the error.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { errorMessage } from '../api.ts';

/** The server's message of the last failure, as an alert; nothing when there is none. */
export function ErrorAlert({ error }: { error: string }): ReactNode {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error}
    </p>
  );
}

/**
 * A list loaded by `load` (again whenever `load` changes), and `act(fn)`: runs an action, then reloads; a failure of
 * either is kept in `error`. `done` (optional) is shown as `notice` after a successful action.
 */
export function useAdminList<T>(load: () => Promise<T[]>) {
  const [items, setItems] = useState<T[]>([]);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const reload = useCallback(async () => {
    try {
      setItems(await load());
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  async function act(fn: () => Promise<unknown>, done?: string): Promise<void> {
    setError('');
    setNotice('');
    try {
      await fn();
      if (done) setNotice(done);
      await reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return { items, error, notice, act, setError };
}
