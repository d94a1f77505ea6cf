import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { ListeningRule } from '@tandem/contract';
import { newClientId } from '../clientId';
import { useTandemStore } from '../../store/useTandemStore';
import { formatNumber, formatTime } from '../../ui/format';
import { InertText } from '../../ui/InertText';
import { PostText } from './SocialText';

const words = (text: string) =>
  [
    ...new Set(
      text
        .split(',')
        .map((word) => word.trim())
        .filter((word) => word !== ''),
    ),
  ]
    .map((word) => word.slice(0, 100))
    .slice(0, 50);

const RULE_FIELDS = ['name', 'anyWords', 'allWords', 'excludeWords'] as const;

function RuleEditor() {
  const { t } = useTranslation();
  const { rules, saveListeningRules } = useTandemStore(useShallow((state) => ({ rules: state.listeningRules, saveListeningRules: state.saveListeningRules })));
  const [fields, setFields] = useState({ name: '', anyWords: '', allWords: '', excludeWords: '' });
  const [invalid, setInvalid] = useState(false);
  const ids = { name: useId(), anyWords: useId(), allWords: useId(), excludeWords: useId(), hint: useId() };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const rule: ListeningRule = {
      id: newClientId(),
      name: fields.name.trim().slice(0, 100),
      anyWords: words(fields.anyWords),
      allWords: words(fields.allWords),
      excludeWords: words(fields.excludeWords),
    };
    if (rule.name === '' || rule.anyWords.length + rule.allWords.length === 0) return setInvalid(true);
    setInvalid(false);
    if (await saveListeningRules([...rules, rule])) setFields({ name: '', anyWords: '', allWords: '', excludeWords: '' });
  };

  return (
    <div className="rules">
      <h4 className="social-subtitle">{t('listening.rules.title')}</h4>
      {rules.length === 0 ? (
        <p className="social-muted">{t('listening.rules.none')}</p>
      ) : (
        <ul className="rule-list">
          {rules.map((rule) => (
            <li key={rule.id} className="rule">
              <InertText text={rule.name} className="rule-name" />
              <span className="social-muted">
                {rule.anyWords.length > 0 && <> {t('listening.rules.summaryAny', { words: rule.anyWords.join(', ') })}</>}
                {rule.allWords.length > 0 && <> {t('listening.rules.summaryAll', { words: rule.allWords.join(', ') })}</>}
                {rule.excludeWords.length > 0 && <> {t('listening.rules.summaryExclude', { words: rule.excludeWords.join(', ') })}</>}
              </span>
              <button
                type="button"
                className="button button-quiet button-small"
                aria-label={`${t('listening.rules.remove')} ${rule.name}`}
                onClick={() => void saveListeningRules(rules.filter((r) => r.id !== rule.id))}
              >
                {t('listening.rules.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="rule-form" onSubmit={(event) => void add(event)} aria-describedby={ids.hint}>
        {RULE_FIELDS.map((field) => (
          <label key={field} className="rule-field" htmlFor={ids[field]}>
            <span className="field-label">{t(`listening.rules.${field}`)}</span>
            <input
              id={ids[field]}
              className="field-input"
              value={fields[field]}
              maxLength={field === 'name' ? 100 : 2000}
              onChange={(event) => setFields({ ...fields, [field]: event.target.value })}
            />
          </label>
        ))}
        <p id={ids.hint} className="social-muted">
          {t('listening.rules.hint')}
        </p>
        {invalid && (
          <p role="alert" className="rule-invalid">
            {t('listening.rules.invalid')}
          </p>
        )}
        <button type="submit" className="button button-small">
          {t('listening.rules.add')}
        </button>
      </form>
    </div>
  );
}

/**
 * Posts that matched a listening rule: a region named "Listening", apart from conversations
 * addressed to the brand. Collapsed by default, so the inbox and the open conversation keep the room.
 * `hidden`: mounted but not shown, behind the social column's call to action (SocialRegion).
 */
export function ListeningView({ hidden = false }: { readonly hidden?: boolean }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const bodyId = useId();
  const [expanded, setExpanded] = useState(false);
  const { items, rules } = useTandemStore(useShallow((state) => ({ items: state.listeningItems, rules: state.listeningRules })));
  return (
    <section className={expanded ? 'listening listening-expanded' : 'listening'} aria-labelledby={headingId} hidden={hidden}>
      <div className="social-section-header">
        <h3 id={headingId} className="social-section-title">
          <button type="button" className="disclosure" aria-expanded={expanded} aria-controls={bodyId} onClick={() => setExpanded(!expanded)}>
            {t('listening.title')}
          </button>
        </h3>
        <span className="social-muted">{formatNumber(items.length, i18n.language)}</span>
      </div>
      <div id={bodyId} className="listening-body" hidden={!expanded}>
        <RuleEditor />
        {items.length === 0 ? (
          <p className="empty-state">{t('listening.empty')}</p>
        ) : (
          <ul className="listening-list" aria-label={t('listening.list')}>
            {items.map((item) => {
              const rule = rules.find((r) => r.id === item.ruleId);
              return (
                <li key={item.uri} className="listening-item">
                  <div className="thread-item-head">
                    <span className="listening-rule">
                      {rule === undefined ? t('listening.removedRule') : <InertText text={t('listening.rule', { name: rule.name })} />}
                    </span>
                    <InertText text={`@${item.author.handle}`} className="thread-handle" />
                    <time className="social-muted" dateTime={new Date(item.createdAt).toISOString()}>
                      {formatTime(item.createdAt, i18n.language)}
                    </time>
                  </div>
                  <PostText text={item.text} links={item.links} />
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}
