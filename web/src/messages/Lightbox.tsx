// The image lightbox: the full picture over the app, closed with Escape, the close button or a click outside.
import { useRef, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { useFocusTrap } from './focus.ts';

export function Lightbox({ src, name, onClose }: { src: string; name: string; onClose: () => void }): ReactNode {
  const intl = useIntl();
  const box = useRef<HTMLDivElement>(null);
  useFocusTrap(box, onClose);
  return (
    <div className="overlay lightbox" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        role="dialog"
        aria-modal="true"
        aria-label={intl.formatMessage({ id: 'lightbox.title', defaultMessage: 'Image: {name}' }, { name })}
        ref={box}
        className="lightbox-box"
      >
        <div className="lightbox-bar">
          <span>{name}</span>
          <a href={src} download={name} className="button-link">
            {intl.formatMessage({ id: 'lightbox.download', defaultMessage: 'Download' })}
          </a>
          <button
            className="icon"
            aria-label={intl.formatMessage({ id: 'lightbox.close', defaultMessage: 'Close image' })}
            onClick={onClose}
          >
            ×
          </button>
        </div>
        <img src={src} alt={name} />
      </div>
    </div>
  );
}
