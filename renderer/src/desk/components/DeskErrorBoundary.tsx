import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FailureNotice } from '../../ui/FailureNotice';

interface Props {
  readonly children: ReactNode;
}

interface State {
  readonly failed: boolean;
}

/**
 * Keeps a rendering bug from blanking the window. Calls and registrations live
 * in main, so the agent loses nothing by retrying. React logs the error itself.
 */
export class DeskErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? <CrashNotice onRetry={() => this.setState({ failed: false })} /> : this.props.children;
  }
}

function CrashNotice({ onRetry }: { readonly onRetry: () => void }) {
  const { t } = useTranslation();
  return <FailureNotice title={t('crash.title')} body={t('crash.body')} action={t('crash.retry')} onAction={onRetry} />;
}
