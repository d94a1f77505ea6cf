import { useState } from 'react';
import { displayText, safeExternalUrl } from '../../ui/safeText';
import { firstGrapheme } from '../graphemes';

const LEADING_BLANKS = /^[\s\p{Cf}]+/u;

/** The first user-perceived character of a name, for the fallback disc ("Ó", "👩🏽‍💻", "م"). */
export function initialOf(name: string): string {
  // Leading spaces and invisible format characters (a zero-width space, a joiner) are not a name's first letter.
  const initial = firstGrapheme(displayText(name).replace(LEADING_BLANKS, ''));
  return initial === '' ? '?' : initial.toLocaleUpperCase();
}

/**
 * The author's avatar, decorative (the name is beside it). Only an http(s)
 * URL is loaded, without a referrer (the network must not learn which desk
 * looks at whom); none, a refused scheme, or a failed load shows the name's
 * initial instead. The page's CSP allows `https:` images only, so an http
 * avatar (a local network's blob URL) fails and falls back too.
 */
export function Avatar({ url, name }: { readonly url: string | null | undefined; readonly name: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  const src = url == null ? null : safeExternalUrl(url);
  if (src === null || failed === src) {
    return (
      <span className="avatar avatar-initial" aria-hidden="true">
        {initialOf(name)}
      </span>
    );
  }
  return <img className="avatar" src={src} alt="" width={32} height={32} referrerPolicy="no-referrer" loading="lazy" onError={() => setFailed(src)} />;
}
