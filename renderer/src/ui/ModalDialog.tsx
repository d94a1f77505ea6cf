import { useLayoutEffect, useRef, type KeyboardEvent, type ReactNode, type SyntheticEvent } from 'react';

interface ModalDialogProps {
  /** The id of the dialog's own heading: it names the dialog. */
  readonly titleId: string;
  readonly className: string;
  /** Escape, or the dialog's own close button: the owner unmounts the dialog. */
  readonly onClose: () => void;
  /** Where the focus goes on close when the element that opened the dialog is gone (the call to action hides once set up). */
  readonly fallbackFocus?: () => HTMLElement | null;
  readonly children: ReactNode;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog on the browser's own `<dialog>`: `showModal()` puts it in
 * the top layer and makes the rest of the page inert, so pointer and screen
 * reader stay inside. Tab is wrapped here as well, because the browser lets
 * it leave for its own toolbar. Escape closes through `onClose`, so the
 * owner's state (not the element) decides whether it is open. On close the
 * focus goes back to whatever opened it, or to `fallbackFocus` when that
 * element is gone.
 */
export function ModalDialog({ titleId, className, onClose, fallbackFocus, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  // Read at close time: the owner's latest fallback, without re-running the open effect.
  const fallback = useRef(fallbackFocus);
  useLayoutEffect(() => {
    fallback.current = fallbackFocus;
  });

  // A layout effect: the opener is read before any child's effect moves the focus into the dialog.
  useLayoutEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    if (dialog !== null && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open === true) dialog.close();
      const target = opener?.isConnected === true ? opener : (fallback.current?.() ?? null);
      target?.focus();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || ref.current === null) return;
    const focusable = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (first === undefined || last === undefined) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  // The browser's own close request (Escape without a keydown reaching us, a system back gesture): same as Escape.
  const onCancel = (event: SyntheticEvent<HTMLDialogElement>) => {
    event.preventDefault();
    onClose();
  };

  return (
    <dialog ref={ref} aria-labelledby={titleId} aria-modal="true" className={className} onKeyDown={onKeyDown} onCancel={onCancel}>
      {children}
    </dialog>
  );
}
