import { MediaFailure } from './mediaFailure';

/**
 * Voice-call processing on: echo cancellation matters most (the agent may use
 * speakers), noise suppression and gain control keep a contact centre's
 * background out of the customer's ear.
 */
const VOICE_PROCESSING = { echoCancellation: true, noiseSuppression: true, autoGainControl: true } as const;

export type MicrophoneSource = Pick<MediaDevices, 'getUserMedia'>;

/**
 * Opens the microphone `deviceId` ('' = system default) and returns its audio
 * track. If that exact device is gone (unplugged between listing and opening),
 * the default device is used instead of failing the call.
 */
export async function openMicrophone(source: MicrophoneSource, deviceId: string): Promise<MediaStreamTrack> {
  const open = async (audio: MediaTrackConstraints) => {
    const stream = await source.getUserMedia({ audio, video: false });
    const [track] = stream.getAudioTracks();
    if (!track) throw new MediaFailure('microphone-unavailable', 'no audio track');
    return track;
  };
  try {
    if (deviceId === '') return await open({ ...VOICE_PROCESSING });
    try {
      return await open({ ...VOICE_PROCESSING, deviceId: { exact: deviceId } });
    } catch (error) {
      if (!(error instanceof DOMException) || !['OverconstrainedError', 'NotFoundError'].includes(error.name)) throw error;
      return await open({ ...VOICE_PROCESSING });
    }
  } catch (error) {
    if (error instanceof MediaFailure) throw error;
    throw new MediaFailure('microphone-unavailable', error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}
