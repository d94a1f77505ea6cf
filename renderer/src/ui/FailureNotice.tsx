/**
 * A page-wide failure, said as an alert with the one thing to do about it: the desk's crash notice
 * (DeskErrorBoundary) and the supervisor view that could not be loaded. The texts come translated.
 */
export function FailureNotice({
  title,
  body,
  action,
  onAction,
}: {
  readonly title: string;
  readonly body: string;
  readonly action: string;
  readonly onAction: () => void;
}) {
  return (
    <div className="crash" role="alert">
      <h1 className="crash-title">{title}</h1>
      <p className="crash-body">{body}</p>
      <button type="button" className="button" onClick={onAction}>
        {action}
      </button>
    </div>
  );
}
