import { useTranslation } from 'react-i18next';
import { CallerContext } from '../../context/components/CallerContext';
import { UnlinkedProofs } from '../../context/components/UnlinkedProofs';
import { ConversationCustomer } from '../../context/components/ConversationCustomer';
import { AfterFirstPaint } from '../../ui/AfterFirstPaint';
import { Region } from '../../ui/Region';
import '../../styles/context.css';

/** Where the screen pop lands: the caller's verified profiles, posts and history; beside a conversation, its author's customer. Import and export live in the Customers area. */
export function CallerContextRegion() {
  const { t } = useTranslation();
  return (
    <Region title={t('context.title')} className="panel-context">
      <AfterFirstPaint>
        <UnlinkedProofs />
        {/* The open conversation's author: their customer, or create / link one (issue 12 §7). */}
        <ConversationCustomer />
        <CallerContext />
      </AfterFirstPaint>
    </Region>
  );
}
