import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { AudioDevice, DeviceRole, ResolvedDevice } from '../media/audioDevices';
import { useTandemStore } from '../../store/useTandemStore';

const ROLES = ['microphone', 'speaker', 'ring'] as const satisfies readonly DeviceRole[];

/** The three audio devices, chosen separately and remembered by the media engine. */
export function AudioSettings() {
  const { t } = useTranslation();
  const panelId = useId();
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const { devices, choose, refresh } = useTandemStore(
    useShallow((state) => ({ devices: state.audioDevices, choose: state.chooseAudioDevice, refresh: state.refreshAudioDevices })),
  );

  return (
    <div className="audio-settings">
      <button
        type="button"
        className="button button-quiet"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          if (!open) refresh();
          setOpen(!open);
        }}
      >
        {t('devices.open')}
      </button>
      {open && (
        <div id={panelId} role="group" aria-labelledby={headingId} className="audio-panel">
          <h3 id={headingId} className="audio-title">
            {t('devices.title')}
          </h3>
          {ROLES.map((role) => (
            <DeviceSelect
              key={role}
              role={role}
              list={devices === null ? [] : role === 'microphone' ? devices.inputs : devices.outputs}
              resolved={devices?.[role] ?? null}
              disabled={devices === null || (role !== 'microphone' && !devices.canChooseOutput)}
              onChoose={(deviceId) => choose(role, deviceId)}
            />
          ))}
          {devices !== null && ROLES.some((role) => devices[role].fallback) && <p className="audio-note">{t('devices.fallback')}</p>}
          {devices !== null && !devices.canChooseOutput && <p className="audio-note">{t('devices.outputFixed')}</p>}
          <button type="button" className="button button-small" onClick={() => setOpen(false)}>
            {t('devices.close')}
          </button>
        </div>
      )}
    </div>
  );
}

interface DeviceSelectProps {
  readonly role: DeviceRole;
  readonly list: readonly AudioDevice[];
  readonly resolved: ResolvedDevice | null;
  readonly disabled: boolean;
  readonly onChoose: (deviceId: string) => void;
}

function DeviceSelect({ role, list, resolved, disabled, onChoose }: DeviceSelectProps) {
  const { t } = useTranslation();
  const id = useId();
  // Placeholders (no permission yet) have no id and cannot be chosen.
  const usable = list.filter((device) => device.deviceId !== '');
  const preferred = resolved?.preferred ?? null;
  const missing = preferred !== null && preferred.deviceId !== '' && !usable.some((device) => device.deviceId === preferred.deviceId);
  return (
    <div className="field audio-field">
      <label className="field-label" htmlFor={id}>
        {t(`devices.${role}`)}
      </label>
      <select id={id} className="field-select" disabled={disabled} value={preferred?.deviceId ?? ''} onChange={(event) => onChoose(event.currentTarget.value)}>
        <option value="">{t('devices.systemDefault')}</option>
        {usable.map((device, index) => (
          // Device labels come from the system: plain text in an <option>.
          <option key={device.deviceId} value={device.deviceId}>
            {device.label === '' ? t('devices.unnamed', { index: index + 1 }) : device.label}
          </option>
        ))}
        {missing && <option value={preferred.deviceId}>{t('devices.missing', { label: preferred.label })}</option>}
      </select>
    </div>
  );
}
