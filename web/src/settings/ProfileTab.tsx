// Profile: names, nickname, position, and the picture (chosen file, square crop with zoom and drag, uploaded as PNG).
import { useEffect, useRef, useState, type FormEvent, type PointerEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { client, errorMessage } from '../api.ts';
import { addUsers, setState, useStore } from '../store.ts';
import { ErrorText } from '../Modal.tsx';

export function ProfileTab(): ReactNode {
  const intl = useIntl();
  const me = useStore((s) => s.me);
  const [form, setForm] = useState({
    first_name: me?.first_name ?? '',
    last_name: me?.last_name ?? '',
    nickname: me?.nickname ?? '',
    position: me?.position ?? '',
  });
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);
  if (!me) return null;

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError('');
    setSaved(false);
    try {
      const updated = await client.patchMe(form);
      addUsers([updated]);
      setState({ me: updated });
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const field = (key: keyof typeof form, label: string, max: number) => (
    <label>
      {label}
      <input aria-label={label} value={form[key]} maxLength={max} onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.value }))} />
    </label>
  );

  return (
    <div className="settings-section">
      <h3>
        <FormattedMessage id="settings.profile.title" defaultMessage="Profile" />
      </h3>
      <form className="form" onSubmit={submit}>
        {field('first_name', intl.formatMessage({ id: 'settings.profile.first_name', defaultMessage: 'First name' }), 64)}
        {field('last_name', intl.formatMessage({ id: 'settings.profile.last_name', defaultMessage: 'Last name' }), 64)}
        {field('nickname', intl.formatMessage({ id: 'settings.profile.nickname', defaultMessage: 'Nickname' }), 64)}
        {field('position', intl.formatMessage({ id: 'settings.profile.position', defaultMessage: 'Position' }), 128)}
        <ErrorText text={error} />
        {saved && (
          <p role="status">
            <FormattedMessage id="settings.profile.saved" defaultMessage="Profile saved." />
          </p>
        )}
        <button type="submit">
          <FormattedMessage id="settings.profile.save" defaultMessage="Save profile" />
        </button>
      </form>
      <AvatarEditor userId={me.id} lastUpdate={me.last_picture_update} />
    </div>
  );
}

const VIEW = 200;
const OUT = 256;

/** The picture: a file is drawn into a square view; zoom and drag choose the square that is uploaded. */
function AvatarEditor({ userId, lastUpdate }: { userId: string; lastUpdate: number }): ReactNode {
  const intl = useIntl();
  const [img, setImg] = useState<HTMLImageElement | null>(null);
  const [zoom, setZoom] = useState(1);
  const [offset, setOffset] = useState({ x: 0, y: 0 });
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);

  /** The source square (in image pixels) shown for the zoom and offset. */
  function square(image: HTMLImageElement): { sx: number; sy: number; side: number } {
    const side = Math.min(image.naturalWidth, image.naturalHeight) / zoom;
    const maxX = image.naturalWidth - side;
    const maxY = image.naturalHeight - side;
    const sx = Math.min(maxX, Math.max(0, maxX / 2 + offset.x));
    const sy = Math.min(maxY, Math.max(0, maxY / 2 + offset.y));
    return { sx, sy, side };
  }

  useEffect(() => {
    const c = canvas.current?.getContext('2d');
    if (!c || !img) return;
    const { sx, sy, side } = square(img);
    c.clearRect(0, 0, VIEW, VIEW);
    c.drawImage(img, sx, sy, side, side, 0, 0, VIEW, VIEW);
  });

  function choose(file: File | undefined): void {
    setError('');
    setDone(false);
    if (!file) return;
    const image = new Image();
    image.onload = () => {
      setImg(image);
      setZoom(1);
      setOffset({ x: 0, y: 0 });
    };
    image.onerror = () => setError(intl.formatMessage({ id: 'settings.avatar.bad_file', defaultMessage: 'That file is not an image.' }));
    image.src = URL.createObjectURL(file);
  }

  function onPointerMove(e: PointerEvent): void {
    if (!drag.current || !img) return;
    const scale = square(img).side / VIEW;
    const dx = (drag.current.x - e.clientX) * scale;
    const dy = (drag.current.y - e.clientY) * scale;
    drag.current = { x: e.clientX, y: e.clientY };
    setOffset((o) => ({ x: o.x + dx, y: o.y + dy }));
  }

  async function upload(): Promise<void> {
    if (!img) return;
    setBusy(true);
    setError('');
    try {
      const out = document.createElement('canvas');
      out.width = OUT;
      out.height = OUT;
      const { sx, sy, side } = square(img);
      out.getContext('2d')!.drawImage(img, sx, sy, side, side, 0, 0, OUT, OUT);
      const blob = await new Promise<Blob | null>((r) => out.toBlob(r, 'image/png'));
      if (!blob) throw new Error('could not encode the picture');
      await client.uploadProfileImage(userId, new File([blob], 'profile.png', { type: 'image/png' }));
      const me = await client.getMe();
      addUsers([me]);
      setState({ me });
      setImg(null);
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="avatar-editor">
      <h3>
        <FormattedMessage id="settings.avatar.title" defaultMessage="Profile picture" />
      </h3>
      {!img && (
        <img
          className="avatar-large"
          src={client.getProfilePictureUrl(userId, lastUpdate)}
          alt={intl.formatMessage({ id: 'settings.avatar.current', defaultMessage: 'Current profile picture' })}
          width={96}
          height={96}
        />
      )}
      <label className="file-label">
        <FormattedMessage id="settings.avatar.choose" defaultMessage="Choose a picture" />
        <input type="file" accept="image/*" onChange={(e) => choose(e.target.files?.[0])} />
      </label>
      {img && (
        <>
          <canvas
            ref={canvas}
            width={VIEW}
            height={VIEW}
            className="avatar-crop"
            role="img"
            aria-label={intl.formatMessage({ id: 'settings.avatar.crop', defaultMessage: 'Crop preview: drag to move' })}
            onPointerDown={(e) => {
              drag.current = { x: e.clientX, y: e.clientY };
              e.currentTarget.setPointerCapture(e.pointerId);
            }}
            onPointerMove={onPointerMove}
            onPointerUp={() => (drag.current = null)}
          />
          <label>
            <FormattedMessage id="settings.avatar.zoom" defaultMessage="Zoom" />
            <input type="range" min={1} max={4} step={0.05} value={zoom} onChange={(e) => setZoom(Number(e.target.value))} />
          </label>
          <button type="button" onClick={() => void upload()} disabled={busy}>
            <FormattedMessage id="settings.avatar.save" defaultMessage="Save picture" />
          </button>
        </>
      )}
      {done && (
        <p role="status">
          <FormattedMessage id="settings.avatar.saved" defaultMessage="Picture saved." />
        </p>
      )}
      <ErrorText text={error} />
    </div>
  );
}
