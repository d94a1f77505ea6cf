/**
 * Saves text as a file through the browser's own download: a Blob, an object
 * URL and an `<a download>` click. Nothing leaves the machine; the URL is
 * revoked once the click has been handled.
 */
export function downloadText(doc: Document, fileName: string, text: string, type: string): void {
  const view = doc.defaultView;
  if (view === null) return;
  const url = view.URL.createObjectURL(new view.Blob([text], { type }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  doc.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Revoking at once can cancel the download in some engines; a task later it has started.
    view.setTimeout(() => view.URL.revokeObjectURL(url), 0);
  }
}

export const CSV_TYPE = 'text/csv;charset=utf-8';
export const VCARD_TYPE = 'text/vcard;charset=utf-8';
