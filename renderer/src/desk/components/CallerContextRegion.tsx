import { useTranslation } from 'react-i18next';
import { CallerContext } from '../../context/components/CallerContext';
import { UnlinkedProofs } from '../../context/components/UnlinkedProofs';
import { CustomerTools } from '../../customers/components/CustomerTools';
import { Region } from '../../ui/Region';
import '../../styles/context.css';

/** Where the screen pop lands: the caller's verified profiles, posts and history. */
export function CallerContextRegion() {
  const { t } = useTranslation();
  return (
    <Region title={t('context.title')} className="panel-context">
      <UnlinkedProofs />
      <CallerContext />
      {/* Mount point: customer timeline and import/export (components/customers, issue 5 §5–6). */}
      <CustomerTools />
    </Region>
  );
}
