import { useId, type ReactNode } from 'react';

interface RegionProps {
  /** Already translated; it names the landmark as well as heading it. */
  readonly title: string;
  readonly className: string;
  readonly children: ReactNode;
}

/** A named `region` landmark: a section labelled by its own heading. */
export function Region({ title, className, children }: RegionProps) {
  const headingId = useId();
  return (
    <section className={`panel ${className}`} aria-labelledby={headingId}>
      <div className="panel-header">
        <h2 id={headingId} className="panel-title">
          {title}
        </h2>
      </div>
      <div className="panel-body">{children}</div>
    </section>
  );
}

export function EmptyState({ children }: { readonly children: ReactNode }) {
  return <p className="empty-state">{children}</p>;
}
