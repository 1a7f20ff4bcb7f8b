// Keyboard support for menus (role=menu of role=menuitem buttons): arrows, Home/End move; Escape and Tab close
// and give focus back to the button that opened the menu.
import type { KeyboardEvent } from 'react';

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
