import { useRef } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { AfterFirstPaint } from '../../ui/AfterFirstPaint';
import { Region } from '../../ui/Region';
import { AudioSettings } from './AudioSettings';
import { CallAlertsPrompt } from './CallAlertsPrompt';
import { CallList } from './CallList';
import { DialForm } from './DialForm';
import { EndedNotice } from './EndedNotice';
import { RecentCalls } from './RecentCalls';
import { RegistrationStatus } from './RegistrationStatus';

/** The softphone: line status, dial box, live calls, recent calls and audio devices. */
export function CallsRegion() {
  const { t } = useTranslation();
  const pendingDial = useTandemStore((state) => state.pendingDial);
  const dialInputRef = useRef<HTMLInputElement>(null);
  return (
    <Region title={t('calls.title')} className="panel-calls">
      <AfterFirstPaint>
        <div className="phone-bar">
          <RegistrationStatus />
          <AudioSettings />
        </div>
        <DialForm inputRef={dialInputRef} />
        {pendingDial !== null && (
          <p className="pending-dial">
            {/* The target comes from a link anyone could craft: Trans escapes it, <bdi> isolates its direction. */}
            <Trans i18nKey="calls.readyToCall" values={{ target: pendingDial }} components={{ target: <bdi className="dial-target" dir="ltr" /> }} />
          </p>
        )}
        <EndedNotice />
        <CallList />
        <CallAlertsPrompt />
        <RecentCalls dialInputRef={dialInputRef} />
      </AfterFirstPaint>
    </Region>
  );
}
