// Keyboard support for menus (role=menu of role=menuitem buttons): arrows, Home/End move; Escape and Tab close
// and give focus back to the button that opened the menu.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

/**
 * A "⋯" menu's state: open puts focus on its first item, a press outside closes it, `close` gives focus back to the
 * button. Spread `buttonProps` on the trigger and `menuProps` on the role=menu element.
 */
export function useMenu(label: string) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    focusFirstItem(menu.current);
    const onDoc = (e: MouseEvent): void => {
      if (!menu.current?.contains(e.target as Node) && e.target !== button.current) setOpen(false);
    };
    document.addEventListener('mousedown', onDoc);
    return () => document.removeEventListener('mousedown', onDoc);
  }, [open]);
  const close = (): void => {
    setOpen(false);
    button.current?.focus();
  };
  return {
    open,
    setOpen,
    close,
    buttonProps: {
      ref: button,
      className: 'icon',
      'aria-label': label,
      title: label,
      'aria-haspopup': 'menu' as const,
      'aria-expanded': open,
      onClick: () => setOpen((o) => !o),
    },
    menuProps: { role: 'menu', 'aria-label': label, ref: menu, onKeyDown: (e: KeyboardEvent<HTMLElement>) => menuKeyDown(e, close) },
  };
}

export function focusFirstItem(menu: HTMLElement | null): void {
  menu?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
}

export function menuKeyDown(e: KeyboardEvent<HTMLElement>, close: () => void): void {
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[role=menuitem]')];
  const i = items.indexOf(document.activeElement as HTMLElement);
  let next = -1;
  if (e.key === 'ArrowDown') next = (i + 1) % items.length;
  else if (e.key === 'ArrowUp') next = (i - 1 + items.length) % items.length;
  else if (e.key === 'Home') next = 0;
  else if (e.key === 'End') next = items.length - 1;
  else if (e.key === 'Escape' || e.key === 'Tab') {
    e.preventDefault();
    e.stopPropagation();
    close();
    return;
  }
  if (next >= 0) {
    e.preventDefault();
    items[next]?.focus();
  }
}
