// Focus management for dialogs: focus moves inside on open, Tab cycles within, Escape closes, and focus returns to
// the element that had it.
import { useEffect, useRef, type RefObject } from 'react';

/** Open traps, innermost last: only the innermost one handles keys (a popover opened from a dialog). */
const stack: object[] = [];

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * `returnTo`: where focus goes back on close, when the caller knows what opened the dialog (a lazily loaded dialog may
 * first render after focus has moved on). Otherwise it is what had the focus when the dialog first rendered.
 */
export function useFocusTrap(ref: RefObject<HTMLElement | null>, onEscape?: () => void, returnTo?: HTMLElement | null): void {
  // read while rendering: by the time effects run, an autoFocus field inside has already taken the focus
  const opener = useRef(returnTo ?? (document.activeElement as HTMLElement | null));
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const before = opener.current;
    const token = {};
    stack.push(token);
    const items = (): HTMLElement[] =>
      [...el.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((n) => n.offsetParent !== null || n === document.activeElement);
    if (!el.contains(document.activeElement)) (el.querySelector<HTMLElement>('[autofocus]') ?? items()[0] ?? el).focus();
    const onKey = (e: KeyboardEvent): void => {
      if (stack[stack.length - 1] !== token) return;
      if (e.key === 'Escape' && onEscape) {
        e.preventDefault();
        e.stopPropagation();
        onEscape();
        return;
      }
      if (e.key !== 'Tab') return;
      const list = items();
      if (!list.length) return;
      const first = list[0];
      const last = list[list.length - 1];
      if (e.shiftKey && (document.activeElement === first || !el.contains(document.activeElement))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !el.contains(document.activeElement))) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      stack.splice(stack.indexOf(token), 1);
      if (before && document.contains(before)) before.focus();
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
}
