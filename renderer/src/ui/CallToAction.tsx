import { useId, type ReactNode } from 'react';

/**
 * A call to action in place of empty content: a named region with a title,
 * one sentence, and the buttons that lead out (the empty desk's "Set up your
 * desk", the phone-only seat's "No social account on this desk"). The title
 * names the region, so a screen reader's landmark list and the tests find it
 * by that name; `level` keeps the page's heading outline.
 */
export function CallToAction({
  title,
  lead,
  level,
  className,
  children,
}: {
  readonly title: string;
  readonly lead: string;
  readonly level: 2 | 3;
  readonly className?: string;
  /** The buttons. */
  readonly children: ReactNode;
}) {
  const headingId = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className={className === undefined ? 'first-run' : `first-run ${className}`} aria-labelledby={headingId}>
      <Heading id={headingId} className="first-run-title">
        {title}
      </Heading>
      <p className="first-run-lead">{lead}</p>
      <div className="first-run-actions">{children}</div>
    </section>
  );
}
