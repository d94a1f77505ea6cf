import 'react';

declare module 'react' {
  /**
   * Element Timing (https://w3c.github.io/element-timing/): an element with this attribute gets a
   * `PerformanceElementTiming` entry when its text or image is first painted. React passes it through as is;
   * its types do not list it yet.
   */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- a merged declaration repeats React's type parameter
  interface HTMLAttributes<T> {
    elementtiming?: string;
  }
}
