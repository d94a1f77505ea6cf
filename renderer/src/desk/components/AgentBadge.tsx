import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';

export function AgentBadge() {
  const { t } = useTranslation();
  const agent = useTandemStore(useShallow((state) => (state.settings === null ? null : state.settings.agent)));
  return (
    <p className="agent">
      <span className="visually-hidden">{t('agent.label')}</span>
      {agent === null ? (
        <span className="agent-name agent-name-pending">{t('agent.unknown')}</span>
      ) : (
        <>
          {/* The name is configuration text: rendered as text, its direction isolated by <bdi>. */}
          <bdi className="agent-name">{agent.name}</bdi>
          <span className="agent-role">{t(`agent.role.${agent.role}`)}</span>
        </>
      )}
    </p>
  );
}
