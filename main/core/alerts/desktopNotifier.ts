/**
 * A notification shown by the operating system, outside the window: how main
 * tells an agent whose window is hidden or behind another app that a call is
 * ringing. `main/core` never imports electron, so each shell brings its own:
 * Electron's `Notification` (main/electron/electronNotifier.ts), and in the
 * browser host none at all, because there the page shows its own
 * (main/web/browserNotifier.ts).
 */
export interface DesktopAlert {
  /** Plain text, never markup: the notifier escapes whatever the OS would read as markup. */
  readonly title: string;
  readonly body: string;
  /** The agent clicked the notification. */
  readonly onClick: () => void;
}

export interface ShownAlert {
  /** Takes it off the screen (the call stopped ringing); harmless if it is already gone. */
  close(): void;
}

export interface DesktopNotifier {
  show(alert: DesktopAlert): ShownAlert;
}
